# Warm start for Python (see launcher.c): booted before the job, then runs the program as `python3 -B main.py` would.
import builtins, importlib.machinery, os, sys, types

def _neuron_run():
    os.write(3, b"r")  # booted: the launcher hands over the job only now
    chunks = []
    while chunk := os.read(3, 65536):
        chunks.append(chunk)
    os.close(3)
    argv = [os.fsdecode(a) for a in b"".join(chunks).split(b"\0")[:-1]]
    path = os.path.abspath(argv[0])
    sys.argv = argv
    sys.path[0] = os.path.dirname(path)
    main = types.ModuleType("__main__")
    main.__file__, main.__cached__, main.__builtins__ = path, None, builtins
    main.__loader__ = importlib.machinery.SourceFileLoader("__main__", path)
    sys.modules["__main__"] = main
    try:
        with open(path, "rb") as source:
            code = compile(source.read(), path, "exec", dont_inherit=True)
        exec(code, main.__dict__)
    except SystemExit:
        raise
    except BaseException as error:
        # Report from the program's own frames on, as a cold start would.
        tb = error.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != path:
            tb = tb.tb_next
        sys.excepthook(type(error), error, error.with_traceback(tb).__traceback__)
        sys.exit(1)

_neuron_run()
