"""`make bench`: each `bench_*.py` module here has `run() -> list[Figure]`; `__main__` prints them."""
