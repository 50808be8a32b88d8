"""Documents made by a Celery job, never inside a web request (issue 16).

Laying out a PDF takes hundreds of milliseconds to seconds of CPU, which a web worker must
not spend. A page (or API call) that wants a document queues a ``DocumentJob`` and sends
the user to the job's page; one Celery task renders it with the renderer that the owning
app registered for the job's ``kind`` (``registry``, filled in each app's
``AppConfig.ready()``, so ``people`` never imports a higher app); the page polls (a meta
refresh, and a reload link without it) and offers the audited download when it is done.

* ``models``   the job row (UUID id: never guessable or enumerable), its file in private
               storage, and when it expires;
* ``registry`` kind -> how to render it and who may still fetch it;
* ``services`` queue, run (claimed once), retry, expire;
* ``selectors`` the job for its requester, with the kind's access rule checked again.
"""
