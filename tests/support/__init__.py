"""What several test modules share: running folio, reading its editions, measuring a build.

Test modules import from here (``from support.epub import Epub``), never from
one another; ``tests/house/test_test_house.py`` holds that.
"""
