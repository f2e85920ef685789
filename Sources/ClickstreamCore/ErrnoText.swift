import Glibc

/// The C library's words for the last failed call's `errno`.
package func errnoText() -> String { String(cString: strerror(errno)) }

/// The C library's words for an error number (a socket's pending error).
package func errnoText(_ code: Int32) -> String { String(cString: strerror(code)) }
