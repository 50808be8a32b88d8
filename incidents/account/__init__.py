"""The case account (verantwoording): one document per case that stands up to a complaint."""
