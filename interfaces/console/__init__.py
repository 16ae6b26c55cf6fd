"""The admin event-inspector console at ``/console``: server-rendered pages over the log, with a
little plain JavaScript (``static/console.js``) for the live tail and the buttons that call the API."""
