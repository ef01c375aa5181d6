# Windows-1252 code points 128-159 wrongly used for their characters, as str.translate's table.
_cp1252: dict[int, str]
