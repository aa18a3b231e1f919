"""AWS emulator for tablekeeper's tests: moto in server mode, made faithful to AWS.

Run it with ``python -m emulator`` (see ``__main__``). The package applies, in
process, patches that make moto's DynamoDB and KMS behave as AWS documents them
(each module names the AWS text it follows), and wraps moto's WSGI application
with a request log, a fault injector and a control endpoint under
``/_emulator/``.
"""
