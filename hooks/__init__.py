"""Build pipeline of the synergies portal.

Stages: ``loader`` reads and validates ``data/`` into the typed objects of
``model``; ``pages`` renders the generated Markdown pages; ``search_index``
indexes the built site for search (Pagefind), per language; ``minify``
minifies our scripts and styles in the built site. Only ``mkdocs_hooks`` knows MkDocs.
"""
