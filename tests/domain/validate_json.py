#!/usr/bin/env python3
"""validate_json.py SCHEMA FILE: every JSON value in FILE (one, or a stream of several, as
`domfw show --json a.cfg b.cfg` prints) is valid against the JSON Schema SCHEMA.
Exit 0 valid, 1 invalid (the reason on stderr), 77 when python3-jsonschema is not installed."""
import json
import sys

try:
    import jsonschema
except ImportError:
    sys.exit(77)

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
text = open(sys.argv[2]).read()
decoder = json.JSONDecoder()
pos, count = 0, 0
while True:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos == len(text):
        break
    value, pos = decoder.raw_decode(text, pos)
    count += 1
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(value), key=str)
    if errors:
        e = errors[0]
        print(f"{sys.argv[2]}: value {count}: {'/'.join(map(str, e.absolute_path))}: {e.message}", file=sys.stderr)
        sys.exit(1)
if count == 0:
    print(f"{sys.argv[2]}: no JSON value", file=sys.stderr)
    sys.exit(1)
