"""The answering path: a question in, an Answer out (read → retrieve → decide → compose).
It knows nothing of HTTP, the UI or sessions: nothing here imports bot.serving or bot.service."""
