"""The integer engine: instants, interval spans, zone offsets and compiled chunks.

Everything here works on exact integer microseconds of UTC and is private to
slacalc; :mod:`slacalc.calendar` is its public face (aware datetimes in and out).
"""
