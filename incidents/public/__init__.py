"""The public reporting channel: a page per branch where students and parents report
bullying without logging in, anonymously or with their name, and come back later with a
receipt code to read the school's replies and add information.

* receipts.py — receipt codes (shown once) and their keyed hashes (stored);
* guards.py — spam resistance without third-party captchas: rate limits in the cache,
  a honeypot field, a signed form timestamp (minimum fill time, single use);
* services.py — writes (report_create, report_add_message, report_reply);
* selectors.py — reads (the branch of a public URL, a report by receipt, staff lists);
* views.py / urls.py / forms.py — thin pages under /melden/ (public) and
  /meldingen-leerlingen/ (staff).
"""
