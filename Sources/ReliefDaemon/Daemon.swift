import ReliefCore
import ReliefProtocol

/// The running daemon (filled in by the Daemon and control issue).
public enum Daemon {}
