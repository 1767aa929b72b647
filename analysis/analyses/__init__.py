"""Layer 2, analyses: pure functions, one module per chapter question.

``sample``          which entities a chapter analyses, and why others are left out
``debate``          chapter 1: well-being and growth by centrality, the burden test
``plural_economy``  chapter 2: competencies against proximity, municipal and MRC scales
``connection``      chapter 3: connection against remoteness, residuals
``matrix``          chapter 4: the matrix of socio-territorial fractures and its sensitivity
``conditions``      chapter 5: codebook, resource ledger, conditions, comparable places
``network``         chapter 5: organisations and their bonding and bridging ties
``case``            chapter 6: Saint-Camille (distances, population, timeline, national effect)

Tables in, tables out: no file access, no display, no rounding for the text.
"""
