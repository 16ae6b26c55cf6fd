"""Vector indexes behind the VectorIndex port: an embedded one (SQLite, numpy, usearch) and Weaviate."""
