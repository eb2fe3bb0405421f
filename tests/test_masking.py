"""What a machine draft keeps as it is: tokens masked before sending, put back after."""
from __future__ import annotations

from pipeline.markup import URL
from pipeline.masking import protect, restore


def test_markup_urls_numbers_names_and_placeholders_survive_a_round_trip():
    text = ("Read *the* [**call**](https://example.org/a_b) on COVID-19 of 26 May 2020 at "
            "https://cyberpeaceinstitute.org, signed by Ban Ki-moon for {publisher}. ")
    masked = protect(text, ("Ban Ki-moon", "Ban"))
    for kept in ("https://", "COVID", "19", "2020", "Ban", "publisher", "*", "["):
        assert kept not in masked.text
    assert masked.text.startswith("Read {0}the{1} {2}{3}call{4}{5} on {6}")
    # A service upper-cases the words, pads placeholders with spaces and drops the trailing space.
    answer = masked.text.upper().replace("{0}", "{0} ").replace("{1}", " {1}").replace("{5}", " { 5 }")
    restored, lost = restore(answer, masked)
    assert restored == ("READ *THE* [**CALL**](https://example.org/a_b) ON COVID-19 OF 26 MAY 2020 AT "
                        "https://cyberpeaceinstitute.org, SIGNED BY Ban Ki-moon FOR {publisher}. ")
    assert lost == ()


def test_placeholders_come_back_in_any_digits_and_lost_ones_are_named():
    masked = protect("COVID-19 and 2020 and https://example.org")
    assert restore("｛０｝ et {٢} et {1}", masked) == ("COVID-19 et https://example.org et 2020", ())
    assert restore("{0} et {7}", masked) == ("COVID-19 et {7}", ("2020", "https://example.org"))


def test_addresses_are_tokens_with_their_trailing_punctuation_left_out():
    masked = protect("See https://example.org/a, or write to info@example.org.")
    assert [token.text for token in masked.tokens] == ["https://example.org/a", "info@example.org"]
    assert URL.findall("www.example.org/x.") == ["www.example.org/x"]
