#!/usr/bin/env python3
"""Generate a trimmed AWS service model for request validation.

Reads the service-2.json (or service-2.json.gz) shipped with the installed botocore, keeps only the operations
Sluice serves and the shapes reachable from their INPUT shapes, drops documentation and SDK-only traits, and writes
src/api/<service>/shapes.generated.json. Output shapes are kept by name only (operations[op].output), which keeps
the file small; nothing validates responses.

Patterns are written as the model spells them (AWS quotes them verbatim in ValidationException messages). When a
pattern uses Java/Python-only syntax that a JavaScript RegExp with the 'u' flag rejects, the converted form is
written next to it as "jsPattern"; so is a linear equivalent of a pattern that backtracks exponentially
(LINEAR_EQUIVALENTS). Conversion refuses anything it does not understand, so generation fails loudly instead of
shipping a pattern that means something else. test/unit/protocol/validate-input.test.ts compiles every
kept pattern.

Usage: python3 scripts/gen-aws-shapes.py sagemaker sqs lambda logs
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
from typing import Any

# Operations served per service. Adding a service (sqs, lambda, logs) is one entry here.
SERVICES: dict[str, list[str]] = {
    'sagemaker': [
        'CreatePipeline',
        'DescribePipeline',
        'UpdatePipeline',
        'DeletePipeline',
        'ListPipelines',
        'ListPipelineVersions',
        'UpdatePipelineVersion',
        'StartPipelineExecution',
        'StopPipelineExecution',
        'RetryPipelineExecution',
        'DescribePipelineExecution',
        'UpdatePipelineExecution',
        'ListPipelineExecutions',
        'ListPipelineExecutionSteps',
        'ListPipelineParametersForExecution',
        'DescribePipelineDefinitionForExecution',
        'SendPipelineExecutionStepSuccess',
        'SendPipelineExecutionStepFailure',
        'AddTags',
        'ListTags',
        'DeleteTags',
        # Jobs and resources created by job steps (src/services/sagemaker/jobs*.ts).
        'DescribeTrainingJob',
        'ListTrainingJobs',
        'StopTrainingJob',
        'DescribeProcessingJob',
        'ListProcessingJobs',
        'StopProcessingJob',
        'DescribeTransformJob',
        'ListTransformJobs',
        'StopTransformJob',
        'DescribeHyperParameterTuningJob',
        'ListHyperParameterTuningJobs',
        'StopHyperParameterTuningJob',
        'ListTrainingJobsForHyperParameterTuningJob',
        'DescribeAutoMLJob',
        'ListAutoMLJobs',
        'StopAutoMLJob',
        'DescribeModel',
        'ListModels',
        'DescribeModelPackage',
        'ListModelPackages',
    ],
    'sqs': [
        'CreateQueue',
        'GetQueueUrl',
        'ListQueues',
        'DeleteQueue',
        'GetQueueAttributes',
        'SetQueueAttributes',
        'PurgeQueue',
        'SendMessage',
        'SendMessageBatch',
        'ReceiveMessage',
        'DeleteMessage',
        'DeleteMessageBatch',
        'ChangeMessageVisibility',
        'ChangeMessageVisibilityBatch',
        'TagQueue',
        'UntagQueue',
        'ListQueueTags',
    ],
    'lambda': [
        'CreateFunction',
        'GetFunction',
        'GetFunctionConfiguration',
        'ListFunctions',
        'UpdateFunctionCode',
        'UpdateFunctionConfiguration',
        'DeleteFunction',
        'Invoke',
    ],
    # CloudWatch Logs, read-only: the logs of Lambda functions and jobs (src/services/logs).
    'logs': [
        'DescribeLogGroups',
        'DescribeLogStreams',
        'GetLogEvents',
        'FilterLogEvents',
    ],
}

# Keys copied from the model; everything else (documentation, box, deprecated, examples…) is dropped. 'sensitive'
# stays: AWS leaves such values out of ValidationException messages.
METADATA_KEYS = (
    'apiVersion', 'protocol', 'protocols', 'jsonVersion', 'targetPrefix', 'endpointPrefix', 'signingName',
    'serviceId', 'uid', 'awsQueryCompatible', 'xmlNamespace',
)
OPERATION_HTTP_KEYS = ('method', 'requestUri', 'responseCode')
SHAPE_KEYS = (
    'type', 'required', 'members', 'member', 'key', 'value', 'min', 'max', 'pattern', 'enum', 'union', 'document',
    'timestampFormat', 'flattened', 'locationName', 'streaming', 'eventstream', 'requiresLength', 'sensitive',
)
MEMBER_KEYS = (
    'shape', 'idempotencyToken', 'location', 'locationName', 'jsonvalue', 'timestampFormat', 'hostLabel',
    'flattened', 'queryName', 'xmlNamespace', 'xmlAttribute', 'streaming',
)

# Java's POSIX classes (\p{Alnum} etc.), which botocore models carry verbatim; ASCII-only as in java.util.regex.
POSIX_CLASSES = {
    'Lower': 'a-z', 'Upper': 'A-Z', 'ASCII': '\\x00-\\x7F', 'Alpha': 'a-zA-Z', 'Digit': '0-9', 'Alnum': 'a-zA-Z0-9',
    'Punct': '!-\\/:-@\\[-`{-~', 'Graph': '!-~', 'Print': ' -~', 'Blank': ' \\t', 'Cntrl': '\\x00-\\x1F\\x7F',
    'XDigit': '0-9a-fA-F', 'Space': ' \\t\\n\\x0B\\f\\r',
}
# Characters that may follow a backslash unchanged under the 'u' flag (outside a class; '-' is added inside one).
# Patterns whose literal JS form backtracks exponentially on a failing value, mapped to an equivalent linear form.
# `.*(?:[ \r\n\t].*)*` (PipelineDefinition, up to 1 MiB): '.' already matches ' ' and '\t', and the group adds
# only '\r' and '\n', so it accepts exactly the strings without U+2028/U+2029 (the other characters '.' excludes).
# As written, 25 spaces followed by U+2028 take V8 ~0.5 s, and every further space doubles that.
LINEAR_EQUIVALENTS = {
    '.*(?:[ \\r\\n\\t].*)*': '[^\\u2028\\u2029]*',
}
U_SYNTAX = set('^$\\.*+?()[]{}|/')
U_LETTER_ESCAPES = set('dDwWsSbBtnrfv0')
QUANTIFIER_RE = re.compile(r'\{\d+(,\d*)?\}')


class PatternError(ValueError):
    pass


def to_js_pattern(pattern: str) -> str:
    """Rewrite a model pattern into JavaScript 'u'-flag syntax with the same meaning, or raise PatternError."""
    if pattern in LINEAR_EQUIVALENTS:
        return LINEAR_EQUIVALENTS[pattern]
    out: list[str] = []
    i, n, in_class = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == '\\':
            if i + 1 >= n:
                raise PatternError('trailing backslash')
            e = pattern[i + 1]
            if e in 'pP' and i + 2 < n and pattern[i + 2] == '{':
                end = pattern.index('}', i + 3)
                name = pattern[i + 3:end]
                if name in POSIX_CLASSES:
                    ranges = POSIX_CLASSES[name]
                    if in_class:
                        if e == 'P':
                            raise PatternError(f'negated POSIX class \\P{{{name}}} inside a character class')
                        out.append(ranges)
                    else:
                        out.append(('[^' if e == 'P' else '[') + ranges + ']')
                else:
                    out.append(pattern[i:end + 1])  # a Unicode property such as \p{L}; JS 'u' knows those
                i = end + 1
                continue
            if e in U_SYNTAX or (in_class and e == '-') or e in U_LETTER_ESCAPES or e.isdigit():
                out.append('\\' + e)
            elif e in 'ux' or e == 'c':
                out.append('\\' + e)  # \uXXXX, \xXX, \cX: same meaning in both
            elif e.isalnum():
                raise PatternError(f'unsupported escape \\{e}')  # e.g. \Q, \A, \Z, \h: no faithful JS form
            else:
                out.append(e)  # identity escape of a non-syntax char (\-, \_, \ , \#): a plain literal
            i += 2
            continue
        if in_class:
            if c == '[' or pattern.startswith('&&', i):
                raise PatternError('nested class or intersection')  # Java-only class algebra; JS reads it literally
            if c == ']':
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == '[':
            in_class = True
            out.append(c)
            if pattern.startswith('^', i + 1):
                out.append('^')
                i += 1
            if pattern.startswith(']', i + 1):
                out.append('\\]')  # Java allows a leading literal ']'; 'u' mode needs it escaped
                i += 1
            i += 1
            continue
        if c == '$' and i + 1 < n and pattern[i + 1] in '{*+?':
            # A quantified end anchor (seen as `${1,128}` in the SageMaker model) still just asserts the end.
            m = QUANTIFIER_RE.match(pattern, i + 1)
            if m:
                least, end = int(m.group(0)[1:-1].split(',')[0]), m.end()
            else:
                least, end = (1 if pattern[i + 1] == '+' else 0), i + 2
            if least > 0:
                out.append('$')  # with a zero minimum the anchor is optional, i.e. asserts nothing
            i = end
            continue
        if c == '{':
            m = QUANTIFIER_RE.match(pattern, i)
            if m:
                out.append(m.group(0))
                i = m.end()
            else:
                out.append('\\{')  # a lone brace is a literal in Java but a syntax error under 'u'
                i += 1
            continue
        if c in '}]':
            out.append('\\' + c)  # lone closers (quantifiers were consumed whole above)
            i += 1
            continue
        if c in '*+?}' and i + 1 < n and pattern[i + 1] == '+':
            raise PatternError('possessive quantifier')  # Java-only; greedy would change what fails to match
        if pattern.startswith('(?>', i) or re.match(r'\(\?[a-zA-Z-]', pattern[i:]):
            raise PatternError('atomic group or inline flags')  # Java-only syntax
        out.append(c)
        i += 1
    if in_class:
        raise PatternError('unterminated character class')
    return ''.join(out)


def botocore_data_dir() -> tuple[str, str]:
    import botocore  # imported here so that --help works without botocore

    return os.path.join(os.path.dirname(botocore.__file__), 'data'), botocore.__version__


def load_service(data_dir: str, service: str) -> dict[str, Any]:
    service_dir = os.path.join(data_dir, service)
    versions = sorted(v for v in os.listdir(service_dir) if os.path.isdir(os.path.join(service_dir, v)))
    if not versions:
        raise SystemExit(f'no API version of {service} in {service_dir}')
    version_dir = os.path.join(service_dir, versions[-1])  # newest API version, as botocore itself picks
    plain = os.path.join(version_dir, 'service-2.json')
    if os.path.exists(plain):
        with open(plain, encoding='utf-8') as f:
            return json.load(f)
    with gzip.open(plain + '.gz', 'rt', encoding='utf-8') as f:
        return json.load(f)


def pick(src: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: src[k] for k in keys if k in src}


def trim_shape(name: str, shape: dict[str, Any]) -> dict[str, Any]:
    out = pick(shape, SHAPE_KEYS)
    if 'members' in out:
        out['members'] = {m: pick(ref, MEMBER_KEYS) for m, ref in shape['members'].items()}
    for ref_key in ('member', 'key', 'value'):
        if ref_key in out:
            out[ref_key] = pick(shape[ref_key], MEMBER_KEYS)
    if 'pattern' in out:
        try:
            js = to_js_pattern(out['pattern'])
        except PatternError as e:
            raise SystemExit(f'shape {name}: cannot convert pattern {out["pattern"]!r}: {e}') from e
        if js != out['pattern']:
            out['jsPattern'] = js
    return out


def referenced(shape: dict[str, Any]) -> list[str]:
    refs = [ref['shape'] for ref in shape.get('members', {}).values()]
    refs += [shape[k]['shape'] for k in ('member', 'key', 'value') if k in shape]
    return refs


def generate(service: str, data_dir: str, botocore_version: str) -> tuple[dict[str, Any], list[str]]:
    model = load_service(data_dir, service)
    all_ops, all_shapes = model['operations'], model['shapes']
    wanted = SERVICES[service]
    missing = [op for op in wanted if op not in all_ops]
    if missing:
        raise SystemExit(f'{service}: operations not in botocore {botocore_version}: {", ".join(missing)}')

    operations: dict[str, Any] = {}
    queue: list[str] = []
    for name in sorted(wanted):
        op = all_ops[name]
        entry: dict[str, Any] = {}
        if 'input' in op:
            entry['input'] = op['input']['shape']
            queue.append(op['input']['shape'])
        if 'output' in op:
            entry['output'] = op['output']['shape']
        if op.get('errors'):
            entry['errors'] = [e['shape'] for e in op['errors']]
        if 'http' in op:
            entry['http'] = pick(op['http'], OPERATION_HTTP_KEYS)
        operations[name] = entry

    kept: dict[str, Any] = {}
    while queue:
        name = queue.pop()
        if name in kept:
            continue
        kept[name] = all_shapes[name]
        queue.extend(referenced(all_shapes[name]))

    converted: list[str] = []
    shapes: dict[str, Any] = {}
    for name in sorted(kept):
        shapes[name] = trim_shape(name, kept[name])
        if 'jsPattern' in shapes[name]:
            converted.append(f'{name}: {shapes[name]["pattern"]!r} -> {shapes[name]["jsPattern"]!r}')

    return {
        '_generated': f'Generated by scripts/gen-aws-shapes.py from botocore {botocore_version}; do not edit',
        'metadata': pick(model['metadata'], METADATA_KEYS),
        'operations': operations,
        'shapes': shapes,
    }, converted


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ('-h', '--help') or any(s not in SERVICES for s in argv):
        print(__doc__.strip(), file=sys.stderr)
        print(f'\nKnown services: {", ".join(sorted(SERVICES))}', file=sys.stderr)
        return 0 if argv and argv[0] in ('-h', '--help') else 2
    data_dir, version = botocore_data_dir()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for service in argv:
        trimmed, converted = generate(service, data_dir, version)
        out_path = os.path.join(root, 'src', 'api', service, 'shapes.generated.json')
        os.makedirs(os.path.dirname(out_path), exist_ok=True)
        with open(out_path, 'w', encoding='utf-8') as f:
            json.dump(trimmed, f, indent=1, ensure_ascii=False)
            f.write('\n')
        print(f'{service}: {len(trimmed["operations"])} operations, {len(trimmed["shapes"])} shapes -> '
              f'{os.path.relpath(out_path, root)}')
        for line in converted:
            print(f'  converted pattern {line}')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
