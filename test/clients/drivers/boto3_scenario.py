#!/usr/bin/env python3
"""Runs one compatibility scenario (test/clients/scenarios/*.json, format in its README) with boto3.

Usage: boto3_scenario.py SCENARIO.json KIND [ENDPOINT]
KIND names the client in results (`boto3` or `boto3-debian`). Without ENDPOINT the clients are configured only
through the environment (AWS_ENDPOINT_URL), as a user's unchanged code would be; boto3 < 1.28 needs ENDPOINT.

Prints one JSON line per step: {"index", "call", "status": "ok"|"failed"|"unsupported"|"skipped", "message"}.
"unsupported" means this boto3's model lacks the operation or a member the step sends (older botocore). The
run stops at the first failure. Exit status 0 unless a step failed.
"""
import base64
import datetime
import io
import json
import os
import re
import sys
import time
import zipfile

import boto3
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError
from botocore.response import StreamingBody

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
VARIABLE = re.compile(r"\$\{(\w+)\}")


class Unsupported(Exception):
    """The step cannot run on this client (its model lacks what the step needs)."""


class StepFailed(Exception):
    pass


class Missing(Exception):
    def __init__(self, name):
        super().__init__(name)
        self.name = name


def substitute(value, variables, kind, forms=True):
    """The value with variables filled in and, unless `forms` is off (patterns), the $-forms built."""
    if isinstance(value, str):
        whole = VARIABLE.fullmatch(value)
        if whole:
            return lookup(variables, whole.group(1))
        return VARIABLE.sub(lambda m: str(lookup(variables, m.group(1))), value)
    if isinstance(value, list):
        return [substitute(item, variables, kind, forms) for item in value]
    if isinstance(value, dict):
        if forms and len(value) == 1:
            (key, inner), = value.items()
            if key == "$json":
                return json.dumps(substitute(inner, variables, kind))
            if key == "$file":
                with open(os.path.join(REPO_ROOT, inner), encoding="utf-8") as handle:
                    return handle.read()
            if key == "$bytes":
                return substitute(inner, variables, kind).encode("utf-8")
            if key == "$zip":
                buffer = io.BytesIO()
                with zipfile.ZipFile(buffer, "w") as archive:
                    for name, content in substitute(inner, variables, kind).items():
                        archive.writestr(name, content)
                return buffer.getvalue()
            if key == "$date":
                return datetime.datetime.fromisoformat(inner.replace("Z", "+00:00"))
        return {key: substitute(item, variables, kind, forms) for key, item in value.items()}
    return value


def lookup(variables, name):
    if name not in variables:
        raise Missing(name)
    return variables[name]


def normalize(value):
    """The answer as plain JSON values: timestamps as ISO strings, blobs and streams as text, no metadata."""
    if isinstance(value, dict):
        return {key: normalize(item) for key, item in value.items() if key != "ResponseMetadata"}
    if isinstance(value, list):
        return [normalize(item) for item in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, StreamingBody):
        return value.read().decode("utf-8", "replace")
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    return value


def show(value, limit=300):
    text = json.dumps(value)
    return text if len(text) <= limit else text[:limit] + "…"


def mismatch(actual, pattern, path="$"):
    """None when `actual` matches `pattern`, else where and why not."""
    if isinstance(pattern, dict) and len(pattern) == 1 and next(iter(pattern)).startswith("$"):
        (op, arg), = pattern.items()
        if op == "$exists":
            return None if (actual is not None) == arg else f"{path}: expected {'present' if arg else 'absent'}, got {show(actual)}"
        if op == "$length":
            return None if isinstance(actual, (list, str)) and len(actual) == arg else f"{path}: expected length {arg}, got {show(actual)}"
        if op == "$some":
            if isinstance(actual, list) and any(mismatch(item, arg) is None for item in actual):
                return None
            return f"{path}: no item matches {json.dumps(arg)} in {show(actual)}"
        if op == "$none":
            if isinstance(actual, list) and all(mismatch(item, arg) is not None for item in actual):
                return None
            return f"{path}: an item matches {json.dumps(arg)} in {show(actual)}"
        if op == "$json":
            try:
                parsed = json.loads(actual)
            except (TypeError, ValueError):
                return f"{path}: expected a JSON string, got {show(actual)}"
            return mismatch(parsed, arg, path + ".$json")
        if op == "$regex":
            return None if isinstance(actual, str) and re.search(arg, actual) else f"{path}: {show(actual)} does not match /{arg}/"
        if op == "$gte":
            return None if isinstance(actual, (int, float)) and actual >= arg else f"{path}: expected >= {arg}, got {show(actual)}"
        if op == "$lte":
            return None if isinstance(actual, (int, float)) and actual <= arg else f"{path}: expected <= {arg}, got {show(actual)}"
        raise StepFailed(f"unknown matcher {op}")
    if isinstance(pattern, dict):
        if not isinstance(actual, dict):
            return f"{path}: expected an object, got {show(actual)}"
        for key, inner in pattern.items():
            problem = mismatch(actual.get(key), inner, f"{path}.{key}")
            if problem:
                return problem
        return None
    if isinstance(pattern, list):
        if not isinstance(actual, list) or len(actual) != len(pattern):
            return f"{path}: expected {len(pattern)} items, got {show(actual)}"
        for index, (item, inner) in enumerate(zip(actual, pattern)):
            problem = mismatch(item, inner, f"{path}.{index}")
            if problem:
                return problem
        return None
    if isinstance(pattern, bool) or isinstance(actual, bool):
        return None if pattern is actual else f"{path}: expected {json.dumps(pattern)}, got {show(actual)}"
    return None if actual == pattern else f"{path}: expected {json.dumps(pattern)}, got {show(actual)}"


def extract(value, path):
    for segment in path.split("."):
        if segment == "$json":
            value = json.loads(value)
        elif isinstance(value, list):
            value = value[int(segment)]
        elif isinstance(value, dict) and segment in value:
            value = value[segment]
        else:
            raise StepFailed(f"the answer has nothing at {path}")
    return value


class Runner:
    def __init__(self, kind, endpoint):
        self.kind = kind
        self.endpoint = endpoint
        self.clients = {}
        # The read timeout covers SQS long polls (up to 20 s) and synchronous Lambda invocations.
        self.config = Config(retries={"max_attempts": 1}, read_timeout=70, connect_timeout=10)

    def client(self, service):
        if service not in self.clients:
            options = {"config": self.config}
            if self.endpoint:
                options["endpoint_url"] = self.endpoint
            self.clients[service] = boto3.client(service, **options)
        return self.clients[service]

    def call(self, step, request):
        service, operation = step["call"].split(".", 1)
        client = self.client(service)
        if operation not in client.meta.service_model.operation_names:
            raise Unsupported(f"boto3 {boto3.__version__} has no {operation}")
        method = getattr(client, xform_name(operation))
        try:
            return None, normalize(method(**request))
        except ParamValidationError as error:
            if "Unknown parameter" in str(error) and self.kind == "boto3-debian":
                raise Unsupported(f"boto3 {boto3.__version__}: {error}")
            raise StepFailed(f"boto3 refused the input: {error}")
        except ClientError as error:
            details = error.response.get("Error", {})
            return (details.get("Code"), details.get("Message", "")), None

    def run_step(self, step, variables):
        if "sleep" in step:
            time.sleep(step["sleep"])
            return
        request = substitute(step.get("input", {}), variables, self.kind)
        deadline = time.monotonic() + step.get("timeout", 30)
        while True:
            error, answer = self.call(step, request)
            if "error" in step:
                codes = step["error"] if isinstance(step["error"], list) else [step["error"]]
                if error is None:
                    raise StepFailed(f"expected the error {codes}, got the answer {show(answer, 500)}")
                if error[0] not in codes:
                    raise StepFailed(f"expected the error {codes}, got {error[0]}: {error[1]}")
                if "message" in step and not re.search(step["message"], error[1] or ""):
                    raise StepFailed(f"the message {error[1]!r} does not match /{step['message']}/")
                return
            if error is not None:
                raise StepFailed(f"{error[0]}: {error[1]}")
            pattern = step.get("until", step.get("expect"))
            problem = None if pattern is None else mismatch(answer, substitute(pattern, variables, self.kind, forms=False))
            if problem is None:
                break
            if "until" not in step:
                raise StepFailed(f"{problem}\nanswer: {show(answer, 1500)}")
            if time.monotonic() > deadline:
                raise StepFailed(f"still not matching after {step.get('timeout', 30)} s: {problem}\nanswer: {show(answer, 1500)}")
            time.sleep(0.1)
        for name, path in step.get("save", {}).items():
            variables[name] = extract(answer, path)


def main():
    scenario_path, kind = sys.argv[1], sys.argv[2]
    endpoint = sys.argv[3] if len(sys.argv) > 3 else None
    with open(scenario_path, encoding="utf-8") as handle:
        scenario = json.load(handle)
    region = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
    variables = {"run": os.environ.get("SCENARIO_RUN", "run"), "region": region, "account": os.environ.get("SCENARIO_ACCOUNT", "000000000000"), "client": kind}
    runner = Runner(kind, endpoint)
    # Variables a step could not save because it was unsupported: steps needing them are unsupported too.
    unsupported_names = set()
    failed = False
    for index, step in enumerate(scenario["steps"]):
        call = step.get("call", "sleep")
        result = {"index": index, "call": call, "status": "ok", "message": ""}
        if kind in step.get("skip", {}):
            result.update(status="skipped", message=step["skip"][kind])
            unsupported_names.update(step.get("save", {}).keys())
        else:
            try:
                runner.run_step(step, variables)
            except Unsupported as reason:
                result.update(status="unsupported", message=str(reason))
                unsupported_names.update(step.get("save", {}).keys())
            except Missing as missing:
                if missing.name in unsupported_names:
                    result.update(status="unsupported", message=f"needs ${{{missing.name}}}, which an unsupported step would have saved")
                    unsupported_names.update(step.get("save", {}).keys())
                else:
                    result.update(status="failed", message=f"no variable ${{{missing.name}}}")
            except StepFailed as reason:
                result.update(status="failed", message=str(reason))
            except Exception as error:  # a client-side crash is a failure of this step, reported, not a traceback
                result.update(status="failed", message=f"{type(error).__name__}: {error}")
        print(json.dumps(result), flush=True)
        if result["status"] == "failed":
            failed = True
            break
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
