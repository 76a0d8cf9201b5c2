"""The knowledge base, as data: installed as the package `reportbot_knowledge`.

Nothing here is code. This file makes the folder a regular package, so that an installed bot
finds its data with `importlib.resources` (see bot/knowledge/paths.py and pyproject.toml).
"""
