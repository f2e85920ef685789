import Glibc

/// The C library's words for the last failed call's `errno`.
package func errnoText() -> String { String(cString: strerror(errno)) }
