def half_written(:
    return hashlib.md5(b"x")
