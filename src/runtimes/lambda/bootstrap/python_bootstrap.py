"""Sluice's Python worker: loads a Lambda handler once, then serves invocations one at a time.

Started by src/runtimes/lambda/worker.ts as `python3 python_bootstrap.py <nonce>` with the package folder as
working directory and LAMBDA_TASK_ROOT, _HANDLER and the AWS_LAMBDA_* variables in the environment. The control
channel is file descriptor 3 (see frames.ts): stdout and stderr belong to the function and are its log. After
loading the handler and after each invocation the bootstrap writes a marker holding <nonce> to both, so Sluice can
tell which output belongs to which invocation.

Payloads and errors follow the AWS Python runtime (awslambdaric): results are `json.dumps` of the return value,
errors `{"errorMessage", "errorType", "requestId", "stackTrace"}`.
"""

import decimal
import importlib
import json
import os
import struct
import sys
import threading
import time
import traceback

CHANNEL = 3
MARKER = ('\0SLUICE-END-' + sys.argv[-1] + '\0').encode()


def write_all(fd, data):
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def read_exact(n):
    chunks = []
    while n > 0:
        chunk = os.read(CHANNEL, min(n, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b''.join(chunks)


def send(header, payload=b''):
    head = json.dumps(header).encode()
    write_all(CHANNEL, struct.pack('>II', len(head), len(payload)) + head + payload)


def end_phase():
    """Flushes the function's output and marks the end of this phase on both streams."""
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - a closed or replaced stream must not break the protocol
            pass
    write_all(1, MARKER)
    write_all(2, MARKER)


def fault(message, error_type, request_id='', stack_trace=None):
    return {'errorMessage': message, 'errorType': error_type, 'requestId': request_id, 'stackTrace': stack_trace or []}


def user_stack(tb):
    frames = traceback.extract_tb(tb)
    # Drop the bootstrap's own frames, as the AWS runtime does.
    while frames and frames[0].filename == __file__:
        frames = frames[1:]
    return traceback.format_list(frames)


def log_error(result, stack):
    text = '[ERROR] %s: %s' % (result['errorType'], result['errorMessage'])
    if stack:
        text += '\nTraceback (most recent call last):\n' + ''.join(stack).rstrip('\n')
    sys.stdout.write(text + '\n')


class FaultError(Exception):
    def __init__(self, result):
        super().__init__(result['errorMessage'])
        self.result = result


def load_handler(handler):
    modname, _, fname = handler.rpartition('.')
    if not modname or not fname:
        raise FaultError(fault("Bad handler '%s': not enough values to unpack (expected 2, got 1)" % handler,
                               'Runtime.MalformedHandlerName'))
    if modname.split('.')[0] in sys.builtin_module_names:
        raise FaultError(fault('Cannot use built-in module %s as a handler module' % modname,
                               'Runtime.BuiltInModuleConflict'))
    try:
        module = importlib.import_module(modname.replace('/', '.'))
    except ImportError as e:
        raise FaultError(fault("Unable to import module '%s': %s" % (modname, e), 'Runtime.ImportModuleError'))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultError(fault("Syntax error in module '%s': %s" % (modname, e), 'Runtime.UserCodeSyntaxError',
                               stack_trace=trace))
    handler_fn = getattr(module, fname, None)
    if handler_fn is None:
        raise FaultError(fault("Handler '%s' missing on module '%s'" % (fname, modname), 'Runtime.HandlerNotFound'))
    return handler_fn


class LambdaContext:
    """The `context` argument, with the attributes and method the AWS Python runtime gives it."""

    def __init__(self, header):
        self.function_name = os.environ.get('AWS_LAMBDA_FUNCTION_NAME')
        self.function_version = os.environ.get('AWS_LAMBDA_FUNCTION_VERSION')
        self.invoked_function_arn = header.get('invokedFunctionArn')
        self.memory_limit_in_mb = os.environ.get('AWS_LAMBDA_FUNCTION_MEMORY_SIZE')
        self.aws_request_id = header.get('requestId')
        self.log_group_name = os.environ.get('AWS_LAMBDA_LOG_GROUP_NAME')
        self.log_stream_name = os.environ.get('AWS_LAMBDA_LOG_STREAM_NAME')
        self.identity = None
        self.client_context = header.get('clientContext')
        self.tenant_id = None
        self._deadline_ms = header.get('deadlineMs', 0)

    def get_remaining_time_in_millis(self):
        return max(int(self._deadline_ms - time.time() * 1000), 0)

    def __repr__(self):
        return ('LambdaContext([aws_request_id=%s,log_group_name=%s,log_stream_name=%s,function_name=%s,'
                'memory_limit_in_mb=%s,function_version=%s,invoked_function_arn=%s,client_context=%s,identity=%s])'
                % (self.aws_request_id, self.log_group_name, self.log_stream_name, self.function_name,
                   self.memory_limit_in_mb, self.function_version, self.invoked_function_arn, self.client_context,
                   self.identity))


def decimal_serializer(o):
    if isinstance(o, decimal.Decimal):
        return float(o)
    raise TypeError(repr(o) + ' is not JSON serializable')


def invoke(handler_fn, header, event_bytes):
    request_id = header.get('requestId', '')
    try:
        event = json.loads(event_bytes) if event_bytes else {}
        result = handler_fn(event, LambdaContext(header))
    except Exception:  # noqa: BLE001 - every exception of the handler is the function's error
        etype, value, tb = sys.exc_info()
        stack = user_stack(tb)
        error = fault(str(value), etype.__name__, request_id, stack)
        log_error(error, stack)
        return 'error', json.dumps(error).encode()
    try:
        return 'result', json.dumps(result, default=decimal_serializer, ensure_ascii=False).encode()
    except (TypeError, ValueError) as e:
        error = fault('Unable to marshal response: %s' % e, 'Runtime.MarshalError', request_id)
        log_error(error, [])
        return 'error', json.dumps(error).encode()


def watch_parent():
    """Exits when Sluice is gone (it would have killed us at the timeout had it lived)."""
    parent = os.getppid()
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            os._exit(1)


def main():
    # Line by line, so that what a function printed before it hangs is in its log when it is killed.
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(line_buffering=True)
    task_root = os.environ['LAMBDA_TASK_ROOT']
    # The bootstrap's folder is not the function's: user modules come from the package, as in Lambda.
    bootstrap_dir = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or '.') != bootstrap_dir]
    sys.path.insert(0, task_root)
    threading.Thread(target=watch_parent, daemon=True).start()
    try:
        handler_fn = load_handler(os.environ['_HANDLER'])
    except FaultError as e:
        log_error(e.result, e.result['stackTrace'])
        end_phase()
        send({'type': 'init-error'}, json.dumps(e.result).encode())
        return
    except Exception:  # noqa: BLE001 - an exception at import time fails the init
        etype, value, tb = sys.exc_info()
        stack = user_stack(tb)
        error = fault(str(value), etype.__name__, '', stack)
        log_error(error, stack)
        end_phase()
        send({'type': 'init-error'}, json.dumps(error).encode())
        return
    end_phase()
    send({'type': 'ready'})
    while True:
        prefix = read_exact(8)
        if prefix is None:
            return
        head_len, payload_len = struct.unpack('>II', prefix)
        header = json.loads(read_exact(head_len))
        event_bytes = read_exact(payload_len) if payload_len else b''
        kind, payload = invoke(handler_fn, header, event_bytes)
        end_phase()
        send({'type': kind}, payload)


if __name__ == '__main__':
    main()
