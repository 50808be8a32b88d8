"""Privacy duties (AVG/GDPR): retention per organisation (retention.py, run daily by
tasks.py), the subject-access export of one student (subject_access.py) and the record of
processing activities generated from the models (processing.py)."""
