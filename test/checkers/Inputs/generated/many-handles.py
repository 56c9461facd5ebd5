#!/usr/bin/env python3
"""Writes one function of N blocks, each holding a session across a sleep:
usage many-handles.py N."""
import sys

n = int(sys.argv[1])
print("#include <soci/soci.h>")
print("#include <unistd.h>")
print("void many(soci::connection_pool &pool) {")
for i in range(n):
    print("  {")
    print("    soci::session s%d(pool);" % i)
    print("    sleep(1);")
    print("  }")
print("}")
