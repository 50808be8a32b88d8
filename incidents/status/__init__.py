"""Where things stand, for parents and the student: personal status codes and their page."""
