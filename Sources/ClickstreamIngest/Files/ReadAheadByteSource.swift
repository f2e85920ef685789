import ClickstreamCore
import Dispatch
import Foundation
import Synchronization

/// Reads another source ahead on a thread of its own, a few blocks at a time, so that
/// decompressing (ISA-L, libzstd) runs on one core while the reader parses on another.
/// Memory: `slots` blocks of `blockSize`, whatever the input's size. An error of the inner
/// source is thrown where its bytes would have been, never before the bytes ahead of it.
///
/// The thread owns the inner source; the two sides hand blocks over through two
/// semaphores (blocks filled, blocks free), which also order every write of one side
/// before the other's reads. A reader that stops early (an error, `--strict`) releases the
/// thread when the source is freed.
final class ReadAheadByteSource: ByteSource {
    private let shared: Shared
    /// The block being read, the next byte in it and the bytes left (-1: none taken yet).
    private var current = 0
    private var offset = 0
    private var left = -1
    private var ended = false

    init(_ inner: some ByteSource & Sendable, slots: Int = 4, blockSize: Int = 1 << 20) {
        shared = Shared(inner, slots: slots, blockSize: blockSize)
        let shared = shared
        Thread { shared.produce() }.start()
    }

    deinit {
        shared.cancelled.store(true, ordering: .releasing)
        shared.free.signal()  // wake the thread if it waits for room
        shared.done.wait()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ClickstreamError) -> Int {
        guard !ended, let target = buffer.baseAddress, buffer.count > 0 else { return 0 }
        if left <= 0 {
            if left == 0 {
                shared.free.signal()
                current = (current + 1) % shared.slots
            }
            shared.filled.wait()
            if let error = shared.errors[current] {
                ended = true
                throw error
            }
            left = shared.counts[current]
            offset = 0
            if left == 0 {
                ended = true
                return 0
            }
        }
        let n = min(left, buffer.count)
        target.copyMemory(from: shared.block(current) + offset, byteCount: n)
        offset += n
        left -= n
        return n
    }

    /// What both sides share. `@unchecked Sendable`: each block is written by the thread
    /// and read by the reader only in turn, as the semaphores hand it over.
    private final class Shared: @unchecked Sendable {
        var inner: any ByteSource
        let slots: Int
        let blockSize: Int
        let storage: UnsafeMutableRawPointer
        let counts: UnsafeMutablePointer<Int>
        let errors: UnsafeMutablePointer<ClickstreamError?>
        let filled = DispatchSemaphore(value: 0)
        let free: DispatchSemaphore
        let done = DispatchSemaphore(value: 0)
        let cancelled = Atomic<Bool>(false)

        init(_ inner: any ByteSource, slots: Int, blockSize: Int) {
            self.inner = inner
            self.slots = slots
            self.blockSize = blockSize
            storage = .allocate(byteCount: slots * blockSize, alignment: 64)
            counts = .allocate(capacity: slots)
            counts.initialize(repeating: 0, count: slots)
            errors = .allocate(capacity: slots)
            errors.initialize(repeating: nil, count: slots)
            // Created at 0 and raised: libdispatch traps when a semaphore is freed below
            // its initial value, which a reader that stops early leaves it at.
            free = DispatchSemaphore(value: 0)
            for _ in 0..<slots { free.signal() }
        }

        func block(_ index: Int) -> UnsafeMutableRawPointer { storage + index * blockSize }

        /// The thread: fills free blocks in turn until the inner source ends or fails.
        func produce() {
            var index = 0
            while true {
                free.wait()
                if cancelled.load(ordering: .acquiring) { break }
                do {
                    counts[index] = try inner.read(into: UnsafeMutableRawBufferPointer(start: block(index), count: blockSize))
                } catch {
                    errors[index] = error
                    counts[index] = 0
                }
                let last = counts[index] == 0
                filled.signal()
                if last { break }
                index = (index + 1) % slots
            }
            done.signal()
        }

        deinit {
            storage.deallocate()
            counts.deallocate()
            errors.deinitialize(count: slots)
            errors.deallocate()
        }
    }
}
