"""The bot's own state on disk (SQLite) or shared between replicas (Redis): the inbox of
updates not yet answered, each conversation's follow-up context, and the keys the bot signs with.

Nothing here imports Telegram; the Telegram layer adapts it (bot.telegram.persistence).
"""
