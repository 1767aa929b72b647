"""Layer 1, data: from official raw files to validated, documented tables.

``paths``        where data lives (``--raw``/``$COMPANION_RAW``, ``--data``/``$COMPANION_DATA``)
``sources``      the official sources: publisher, citation, licence, files
``tableschema``  the schema toolkit (fields, validation, Frictionless descriptors)
``schemas``      one schema per processed and case table
``datapackage``  ``data/datapackage.json`` from the schemas
``load``         validated loaders: the only way chapters read data
``check``        ``companion data check``
``errors``       ``InputError`` (bad raw input) and its message helpers
``pipeline``     one reader per source family and the build that assembles them
"""
