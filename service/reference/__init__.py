"""Reference corpora: build a model from articles of known outlets, load it, place an article."""
