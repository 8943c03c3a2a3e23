// The runner under test is Linux-only (Docker, unix sockets), and so are its tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
