"""The Telegram front end: a thin layer over the conversation core."""

import os

# Opt in now to python-telegram-bot's coming behaviour (durations as timedelta), which also
# keeps its deprecation warning out of the flood-limit path.
os.environ.setdefault("PTB_TIMEDELTA", "1")
