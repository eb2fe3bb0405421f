"""Developer tools around the build: a sample project in every script, screenshots, the browser settings."""
