"""Build pipeline of the synergies portal.

Stages: ``loader`` reads and validates ``data/`` into the typed objects of
``model``; ``pages`` renders the generated Markdown pages; ``search_index``
splits the search index by language. Only ``mkdocs_hooks`` knows MkDocs.
"""
