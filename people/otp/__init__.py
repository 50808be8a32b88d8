"""Two-factor log-in (django-otp): an authenticator app (TOTP) plus ten recovery codes.

Required — when settings.OTP_REQUIRED_FOR_DOSSIER_ROLES is on — for everyone who reads
case dossiers (every role but teacher and support staff) and for administrators; optional
for the others, and once someone has set it up it is always asked. people.otp_middleware
sends a session that still needs its second step to the code page (or to set-up).
"""
