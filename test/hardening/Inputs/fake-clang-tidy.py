#!/usr/bin/env python3
"""Stands in for clang-tidy in the mutation script's own test: behaves by
what the file it is given contains."""
import os
import sys
import time

path = next(a for a in sys.argv[1:] if a.endswith(".cpp"))
text = open(path).read()
if "FAKE-ABORT" in text:
    os.abort()
if "FAKE-HANG" in text:
    time.sleep(60)
if "FAKE-REPORT" in text:
    print("==1==ERROR: AddressSanitizer: heap-use-after-free")
    sys.exit(1)
sys.exit(1)
