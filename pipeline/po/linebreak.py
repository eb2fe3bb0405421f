"""Unicode line breaking exactly as GNU gettext 0.21 wraps strings: libunistring 1.0's.

``msgcat`` breaks long strings where libunistring's ``ulc_width_linebreaks`` allows,
counting display columns. This is a port of that algorithm with the character tables
that library ships (Unicode 14.0 with gnulib's tailoring), so that wrapping matches
``msgcat`` whatever Unicode version Python has.
"""
from __future__ import annotations

import base64
import re
import zlib
from itertools import accumulate

# Line-breaking class (high 6 bits) and display width + 1 (low 2 bits) of
# every code point, run-length encoded.  Generated from libunistring 1.0's
# unilbrk/lbrkprop2.h (Unicode 14.0, gnulib's own tailoring) and its
# uc_width(uc, "UTF-8"), so that wrapping matches msgcat exactly regardless
# of the Python or uniseg Unicode version.
_PROPS_BLOB = (
    "c-rk*O>A6O71q7?{mq-1H}>Su8OM&3I+K4paoRYTwn?YdrB2m0cUsyC>Ah-Fs47$;r4<MvWdcMLi"
    "GuPbY8R0x(xjfn^#%!vsvA@x5DO5nfT{}?WyOL8T>%T!@_pw$yLN~w*k^I(-gke_J%9I{bI+(ex~"
    "6LCHGNfmuX#<~P;IrOtXfga_+3&9YFfVTS33cZ#T|XWv8p|3F|(qkr`RT{rEG9bU2R=c0lt^bin4"
    "l$eM7-j*B01TFw#`k$Cw$ag<Y843;4a^vZmqW5DSN)^@^=lHD~POx$<jy=-2beYUf!HVLcaG<uLE"
    "I13pkT%t!ocW5o%sNVL-=+8xh9Tn=IiXsbMOlb1Z_UDCGdf(yo)Wqm*TGH2RH?T$R|sAb&&Rry6Q"
    "O62MS*vqwG@zBN{p36~{Pus~{yJv~PCNA#mvz1(^#7^y0u2*(qkHV<32H<0L1G{(QOA8NG>pKX-="
    "?j62@*{Qv=gs75a2nXvfYh5olzZsu0jY^Whfd<oxRnt{xqvpe6F3UF7|4ldb0_F^dO+ZJ<kY~UY@"
    "8t$(2JeRz7=J!Xkv7lr@Fv;Td?X45X{aDbdD8RZ*qf?kh;OyA#vuEp0aU?t0L#AEx7y*3VmQJ){#"
    "caq`^~!I#LxnN?*C#bGsRrNNWqnp<v$1aRj<#HFz{amxorD7Nw=napP)~fyf=-1M*zZ7eI>Cb%iz"
    "t?ZI*|6O~-Tu-(`?chnmsgfj|SNQF}c4?+#NYgP(PHaBC4H}Mq~XOk;p83gN^C}f0QothY|%lWWa"
    "Ds`_up&PtlZV;Eduy#4H>r!ok+X-7}iqwUcI>nBG5y?aDI2D?uJZ#OK7^zh~3RgV`{fwej=(?km1"
    "5S^y8sGya%6=?sE30axWt?Nds@R_MMl(3igImx|6#x<y_-!~5+&t<l0A5H!?r;eUa5exvptNSeRf"
    "0PX8%lKU^A@^U+EW7F@}Q6su{I&g;D9?m@<2yGT0oOVOS(N9q3?~%>KNwhLa$y8q>Vd9+O|l>7wM"
    "d^&%N;Z7oU0Q5wRV;;f>foT(<jeGsk=XnX><&<;}rNG6`9?U{hbfNI;DzALA+|Eqd0Lap$c`s<>8"
    "7x{pD{ZKHArI;mhp=QUR^mCpX%!cw>z3CYz}ov1m8JK-@fRgOaJP^6^^={Dvm`nI?xU*(*87H2_N"
    "`F;_&@0M|0=$>fGxY&c@N(3+rPh5>|$DL_WZPgtcd9F30p{NmNMvF8yxis3I#_6OD;#d_*U^c-hU"
    "Zsf(O@IV=_U0#XS=3-&+@CKl(3eXX;WVlX29v~as1=L8T<~ct*M7jh5eI!tc5AtqGB$|ZAsfMwa+"
    "PsD94Ie&+?fTI3V1#W(O2OhsgyeQgmmLHA>bn>%HmyR&*g9EQc>-)jY<`-!(NQtgO=(}WR0TML`y"
    "J-Cf9^8bd#vpLESergH!-sV#Z93m}?k!mo&nmIReA}E~F4d%Q83Aa{<E(ZDX!Ry+Rt$L!y*-0hcW"
    "o2R)3$dKg5#^*$`cxDatY0eAq-7!PQy?8_UZjzM6^7H)u{cm>XayN8F+`o$P9)`p&qhYk7mTs%Be"
    "1nc2ZX*DotS!v2~oP%GlSYP5G1k(B#!-W{e<qn=x7Ytmh1)61BFV|E7y8*C~BNKMrB?OW@=nShC)"
    "#T5?dKZf`ovQ4V-3{gLa6jg`kK()oz%eFg#FD9m;IlZx+h~o@$~9wvN<mi_Xj4^k=oRZTV8ED3)n"
    "%O`u%}+hqi<{7n&3AD&#7ow`jB6?&8lv3zUt!q?l^Gysm_3b7`wp8HUlNx3BX8suF3+AWSj?;I9r"
    "j9EW|$0pX$E83?I_H3qbtfhwV*cgC)81so9X+?O>WzcOl(w0`O(+-rMfD{^^Krg|i#0XQcNdP}@B"
    "v6snuvum$_YgnM5zL!!rR8#=JIN;do8GnRRQN)ot_UA7{A_S0Y{PnM#>5h7v5kxN>x+E&_dm6*3B"
    "1USLiNKY-4JJB~3-K|_D`&}zjYtLr2wf9ukTB~K=nri4tXlEV(YrGY1Gdiyp^<<pEk6rgO1<>=N-"
    "8IZ)TVXd~@22lS0PEL~lwm~w&pW(~>;1K(AU_2>2^Pk<a_vwS4L>}cowKjM#SQ<AGPAarRo3Ppgd"
    "b>10~#4)+_&4^yyUoXJ_CpUgk&Fn61m?{S?h_FZzqrzDM=0KS$EmOU$bxMLzkIY-HmXq+Yw^Sf*r"
    "#=dI=*#6KSt%GC_?ydn~+ovJ1gp530aD^@5?-mWZLtIA8`y?vf%UjXO*Lk$SAg2<J>e4l|t}Xn_h"
    "nACou63rR}oP4{5+DT!D{k^x^LE59cg=_DdxcVZ;zj3o{f@QEqj3-9={EfPq9L`f_pKkDhpFW!MW"
    "a0l+d9k>Jk57gYQ7d?0KrK=rx#mhoG$9*P6mk@_8;q7t>u@-=Dr%Q-0y==$a-w-~LuOL3V(~>>SI"
    "6NShjUCI?StKiG^+8EQjs|OExqsWV<-b#yFvAyN4e7^0wPja?Gy)^%)x!!25mHF^suaZ(h7W3)D3"
    "It9NfjB1$<)C~j^cZ&Y)iB)by~OZqD|wu<Eft8n;I9SdIJo;anyN}>GO=hF|&d<ksFguJhAx-D+)"
    "#pP?6aE?wgPsvIKV=FQaE{@j_B|9^WeewsKSWJZT%qFeeepXA#<`v7v4K+(!>0PFR0H>VRDFh<lT"
    "~F}BajVvp}l<TF({y|JlWRo(LapnF>b^G=W(Aw}Y2@rYDn9xAE<=pQTVQaoUnocl0PSL}(BA>Zxe"
    "Y|@h4_#AR$&uz!rc|Pm$K=$#V_R2EBl++#YbkF(dWnLS)bFhR1mi0W}28lXSfqmeqnC!&bN#JZ*R"
    "`+Tk_zCxjU38~x9T0*}4+&b_;j6tQn{QdZ_8$}OcOplt*qyFvNkH4}L8{1Py(rY(V;ecsY!VxHR9"
    "RrHNG^B0C|xqkvg!iTa^zU*f_A&5z!+f7tYvK=0)xo!n3@k*-n^?Q6E%s4+2sk~sW2;)q+TUnStg"
    "XyVpHDDIK2uAr6enrf}(OzJOWs9dSFu#r_dZrQh{T>$<nMZ6zNYXPl{Y56Z8f}ancOd3yD6fE%*v"
    "qmB_!Z+&xn7)vUa6gFNr0>_HNcK2JL`6%@0QLPK*_^q{D6DS)m|AZJc=+t>zjVV&=nt<fePSq3Nd"
    "_2xErv@AI561ldl%A9tS&@Z!Kmd^ZDk2&(lB+=*{S|-I?lt-S29kH%h6CtRwFhT)L*r2Fh7Iof21"
    ")>I%RDf<-b{t%<R!gnBP>&i+O7)k9aL5W-d}%bL=)rl|Uomg;IVsy9^=CN*Y}a9{uWBi29<Z$EC>"
    "KZx-A`g1x{X(+soK-j7K@x*QA+KR4c)bY+(-eG#oI71j-<qba>b1G2gPh5RVmnF#m}^q>Oi@DTS-"
    "xS%6iM=xH>Ai5!x@iuhKM<s{5s~zuoRGV&Z+g(HBf>7H;~JC-vWP<brPfRH{b4I;nR5dawIkG5>Y"
    "@&V%k959jgz$vY=`TzY{cUo4Bp&^c@?kus`{rC?0%cHm-fvp@0O)0SrNC3oI>Qf*!w;I`*=_z^q}"
    "{i@T~6ZfzAEOJ+Z>^;*x;wsr+A97w7XaE{;Q)kDWnIFf7$h~H=t4;S6V5c{wlZgv+$a(wzJnQD5<"
    "6U@my<+cm{~$#NF@LY63JnZp40adh(@^t$c8BZ8pC&hWNo%0Af=l|Ua!-N&hu8m%C~q9^X05!Z<n"
    "Mv9&>EHBd&>Lkmw%CP?2p{|7Jn8xS3J9jd$b@=!9>b_ym<`@(KYfvM3C`c#01=UuBD~Y{rpc#;zy"
    "W=;{W;9d{;9*<m0#>9$XE)^2!IryU^Q+K+64!q(eaYVfQ)y%fw<Dw=d*@`>X_Jwd~nP-F@~K#m32"
    "Uvnu04Tp}zAj{z&`TMCipmi4#7`kYsa$lHXExW^eDOOcJ+yRrU<Se&ZtVCwarPiwtKssXB(um;sT"
    "kjB0G(4^BtZI_0|vZrq9VSKYWROy*s>uV;fUp$t17b{tKQD@1;AiJS1?#pUvB~$4#0NF%8$)c16t"
    "R0!|A`1bSJ`#iiF6-3C`ti)LES8$g|IXQ>1jd3_R_*V|w)K%h^gZmtias$a!K%8d1YhRa*WDGV4~"
    "E^bEa}!Wmg`iCxpV@j=*wWXzav#>b-#{v^C@C<imRWl05?wWx2;(+bDq5mIL9ysPWpZpU>~W|q_A"
    "hQDvNqO4}6;5E4J2q%6e(ot7TqKWsP3Vdc89?>cuwbA#C<=b$dE}4C4jYQ5N+Bw3RF-FR5^qp1{a"
    "`nZ}3~4#$P#dVhcRBu+@68c0qc%qqPpv{j+S^y6Nf1wCNxh5btJI@P^s4~W<JDC}wX(Z`^Ct@!=c"
    "l|%3f)9$(aigF*S{Mx^(?mw}(0c`"
)

# Classes (values of libunistring's LBP_* enum).
(_WJ, _GL, _B2, _BA, _BB, _HY, _CL, _CP1, _CP2, _EX, _IN, _NS, _OP1, _OP2,
 _QU, _IS, _NU, _PO, _PR, _SY, _AL, _H2, _H3, _ID1, _ID2, _JL, _JV, _JT, _HL,
 _RI, _ZWJ, _EB, _EM, _BK, _CR, _LF, _CM, _ZW, _SP, _CB, _AI, _SA, _XX) = \
    range(43)
_HL_BA = 100
# unilbrk_table[33][33] of lbrktables.c: D(irect), I(ndirect), P(rohibited).
_PAIR_TABLE = [row.split() for row in """
P I I I I I P P P P I I I I I P I I I P I I I I I I I I I I I I I
P I I I I I P P P P I I I I I P I I I P I I I I I I I I I I I I I
P I P I D I P P P P I I D D I P D D D P D D D D D D D D D D D D D
P D D I D I P P P P I I D D I P D D D P D D D D D D D D D D D D D
P I I I I I P P P P I I I I I P I I I P I I I I I I I I I I I I I
P D D I D I P P P P I I D D I P I D D P D D D D D D D D D D D D D
P I D I D I P P P P I P D D I P D I I P D D D D D D D D D D D D D
P I D I D I P P P P I I D D I P I I I P I D D D D D D D I D I D D
P I D I D I P P P P I I D D I P D I I P D D D D D D D D D D D D D
P I D I D I P P P P I I D D I P D D D P D D D D D D D D D D D D D
P I D I D I P P P P I I D D I P D D D P D D D D D D D D D D D D D
P I D I D I P P P P I I D D I P D D D P D D D D D D D D D D D D D
P P P P P P P P P P P P P P P P P P P P P P P P P P P P P P P P P
P P P P P P P P P P P P P P P P P P P P P P P P P P P P P P P P P
P I I I I I P P P P I I P P I P I I I P I I I I I I I I I I I I I
P I D I D I P P P P I I D D I P I D D P D D D D D D D D D D D D D
P I D I D I P P P P I I I D I P I I I P I D D D D D D D I D I D D
P I D I D I P P P P I I I I I P I D D P I D D D D D D D I D I D D
P I D I D I P P P P I I I I I P I D D P I I I I I I I I I D I I I
P I D I D I P P P P I I D D I P I D D P D D D D D D D D I D D D D
P I D I D I P P P P I I I D I P I I I P I D D D D D D D I D I D D
P I D I D I P P P P I I D D I P D I D P D D D D D D I I D D D D D
P I D I D I P P P P I I D D I P D I D P D D D D D D D I D D D D D
P I D I D I P P P P I I D D I P D I D P D D D D D D D D D D D D D
P I D I D I P P P P I I D D I P D I D P D D D D D D D D D D D D I
P I D I D I P P P P I I D D I P D I D P D I I D D I I D D D D D D
P I D I D I P P P P I I D D I P D I D P D D D D D D I I D D D D D
P I D I D I P P P P I I D D I P D I D P D D D D D D D I D D D D D
P I D I D I P P P P I I I D I P I I I P I D D D D D D D I D I D D
P I D I D I P P P P I I D D I P D D D P D D D D D D D D D D D D D
P I D I D I P P P P I I I D I P I I I P I D D I I D D D I D I I I
P I D I D I P P P P I I D D I P D I D P D D D D D D D D D D D D I
P I D I D I P P P P I I D D I P D I D P D D D D D D D D D D D D D
""".strip().splitlines()]
_UNDEF, _PROHIBITED, _POSSIBLE, _MANDATORY = 0, 1, 2, 3


_CLS: bytes | None = None     # line-breaking class per code point
_WID: bytes | None = None     # display width per code point (controls: 0)


def _tables() -> tuple[bytes, bytes]:
    """Decode the property blob (once, lazily: 2 x 1.1 MB)."""
    global _CLS, _WID
    if _CLS is None:
        raw = zlib.decompress(base64.b85decode("".join(_PROPS_BLOB)))
        cls = bytearray(0x110000)
        wid = bytearray(0x110000)
        pos = 0
        i = 0
        while i < len(raw):
            run = shift = 0
            while True:
                b = raw[i]
                i += 1
                run |= (b & 0x7F) << shift
                shift += 7
                if not b & 0x80:
                    break
            code = raw[i]
            i += 1
            cls[pos:pos + run] = bytes((code >> 2,)) * run
            wid[pos:pos + run] = bytes((max((code & 3) - 1, 0),)) * run
            pos += run
        assert pos == 0x110000
        _CLS, _WID = bytes(cls), bytes(wid)
    return _CLS, _WID


def widths(text: str) -> bytes:
    """Display width of each character, as uc_width (controls count 0)."""
    return bytes(map(_tables()[1].__getitem__, map(ord, text)))


_RUN = re.compile(rb"(.)\1*", re.S)
_TRANSITIONS: dict[int, tuple[int, int]] = {}
# (state, class) -> (state, break, whether more of the class is a no-op)
_RUN_STEPS: dict[int, tuple[int, int, bool]] = {}


def _step(state: int, raw: int) -> tuple[int, int]:
    """One step of libunistring 1.0 ``u8_possible_linebreaks_loop``.

    ``state`` packs (prev_prop, last_prop, seen_space, ri_count % 2); the
    result is the new state and the break before this character
    (0, _POSSIBLE or _MANDATORY).  Pure, hence memoised by the caller.
    """
    ri_odd = state & 1
    seen_space = bool(state & 2)
    last_prop = (state >> 2) & 0x7F
    prev_prop = state >> 9
    event = 0
    prop = raw
    if prop == _BK or prop == _LF or prop == _CR:
        event = _MANDATORY
        prev_prop = prop
        last_prop = _BK
        seen_space = False
    else:
        if prop == _AI or prop == _SA or prop == _XX:
            prop = _AL        # UTF-8 is not a CJK encoding; no SA support
        elif prop == _CB:
            prop = _ID1
        if prop == _SP:
            seen_space = True
        elif prop == _ZW:
            last_prop = _ZW
            seen_space = False
        elif prop == _CM or prop == _ZWJ:
            if last_prop == _BK:
                last_prop = _AL
                seen_space = False
            elif last_prop == _ZW or seen_space:
                event = _POSSIBLE
                last_prop = _AL
                seen_space = False
        else:
            if last_prop == _BK or prev_prop == _ZWJ:
                pass
            elif last_prop == _ZW:
                event = _POSSIBLE
            elif last_prop == _RI and prop == _RI:
                if seen_space or not ri_odd:
                    event = _POSSIBLE
            elif prev_prop == _HL_BA:
                pass
            else:
                rule = _PAIR_TABLE[last_prop][prop]
                if rule == "D" or (rule == "I" and seen_space):
                    event = _POSSIBLE
            last_prop = prop
            seen_space = False
        prev_prop = (_HL_BA if prev_prop == _HL and prop in (_HY, _BA)
                     else prop)
    ri_odd = (ri_odd ^ 1) if prop == _RI else 0
    return ((prev_prop << 9) | (last_prop << 2) | (seen_space << 1)
            | ri_odd), event


def break_events(text: str) -> list[tuple[int, int]]:
    """Break opportunities of ``text``: (index, _POSSIBLE | _MANDATORY).

    Read a word (a run without spaces) at a time: what a word's characters
    do depends only on the state they start in, and a run of spaces only sets
    that state, so the events of each (state, word) are worked out once and
    reused; words repeat, and so do their classes ("a lowercase word of five
    letters, then a comma").
    """
    cls_table = _tables()[0]
    if text.isascii():
        cls = text.encode("ascii").translate(cls_table[:256])
    else:
        cls = bytes(map(cls_table.__getitem__, map(ord, text)))
    events: list[tuple[int, int]] = []
    state = _START
    pos = 0
    known = _WORDS
    # Split at each space: consecutive spaces leave empty words, and a second
    # space leaves the state as the first one set it.
    for k, word in enumerate(cls.split(_SPACE)):
        if k:
            state = _transition(state, _SP)[0]  # spaces set a flag, never a break
            pos += 1
        if not word:
            continue
        hit = known.get((state, word))
        if hit is None:
            found: list[tuple[int, int]] = []
            after = _run_events(word, state, found)
            hit = (tuple(found), after)
            if len(word) <= _LONGEST_KEPT:
                known[(state, word)] = hit
        for i, kind in hit[0]:
            events.append((pos + i, kind))
        state = hit[1]
        pos += len(word)
    return events


_START = (_BK << 9) | (_BK << 2)
_SPACE = bytes((_SP,))
_WORDS: dict[tuple[int, bytes], tuple[tuple[tuple[int, int], ...], int]] = {}
_LONGEST_KEPT = 40  # longer words (a whole line of CJK text, say) are not worth keeping


def _transition(state: int, raw: int) -> tuple[int, int]:
    key = (state << 6) | raw
    hit = _TRANSITIONS.get(key)
    if hit is None:
        hit = _TRANSITIONS[key] = _step(state, raw)
    return hit


def _run_events(cls: bytes, state: int, events: list[tuple[int, int]]) -> int:
    """The state machine over ``cls``, appending its events; the final state.

    The machine is deterministic, so once a character leaves the state
    unchanged without a break, the rest of a run of characters of the same
    class does too: runs (e.g. the letters of a word) are skipped.
    """
    runs = _RUN_STEPS
    for run in _RUN.finditer(cls):
        i, end = run.span()
        raw = cls[i]
        key = (state << 6) | raw
        hit = runs.get(key)
        if hit is None:
            first = _step(state, raw)
            hit = runs[key] = (*first, _step(first[0], raw) == (first[0], 0))
        state, event, steady = hit
        if event:
            events.append((i, event))
        if steady:
            continue  # the rest of the run changes nothing
        i += 1
        while i < end:
            new_state, event = _transition(state, raw)
            if event:
                events.append((i, event))
            elif new_state == state:
                break
            state = new_state
            i += 1
    return state


def fit(text: str, events: list[tuple[int, int]], prohibited: set[int],
        width: int, start_column: int,
        widths: bytes | None = None) -> list[int]:
    """Indices before which to break so that lines fit in ``width``.

    Port of libunistring 1.0 ``u8_width_linebreaks_internal``, evaluated
    only at the break opportunities (``prohibited`` are the overrides).
    ``widths`` are the display widths (None: printable ASCII, all 1).
    """
    col = (range(len(text) + 1) if widths is None
           else list(accumulate(widths, initial=0)))
    breaks: list[int] = []
    last_p = -1
    last_column = start_column
    piece_start = 0
    for i, kind in events:
        if i in prohibited:
            continue
        piece_width = col[i] - col[piece_start]
        if last_p >= 0 and last_column + piece_width > width:
            breaks.append(last_p)
            last_column = 0
        if kind == _MANDATORY:
            last_p = -1
            last_column = 0
            piece_start = i + 1
        else:
            last_p = i
            last_column += piece_width
            piece_start = i
    if last_p >= 0 and last_column + col[len(text)] - col[piece_start] > width:
        breaks.append(last_p)
    return breaks
