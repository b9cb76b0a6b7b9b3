"""Stage 4, ui: the two edges — the Gradio web app and the `policyqa` CLI — over one facade.

Rooms: the CLI — ``cli``, ``cli_format``; the app — ``app`` built from one builder per tab
(``tab_ask``, ``tab_search``, ``tab_draft``, ``tab_library``, ``tab_admin``) with ``handlers``,
``filters``, ``uploads``; rendering — ``render``, ``render_library``, ``render_admin``,
``catalogue`` (the library's search and sorts, pure); serving and logins — ``server``,
``login``, ``auth``, ``sessions``. Only this package imports gradio.
"""
