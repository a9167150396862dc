"""The head-office inbox (总部待办): the page (``page.py``), its login, filters and a
request's detail. Shown only to a clerk of role ``head_office``."""
