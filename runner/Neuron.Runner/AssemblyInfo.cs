// The runner drives Docker and unix sockets: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
