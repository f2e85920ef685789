import ClickstreamCore

/// The compressed bytes a decompressing source reads, one block at a time: first those
/// already read to look at the magic bytes (from a pipe, which cannot be read twice), then
/// the file's.
struct CompressedInput {
    let file: FileByteSource
    /// The block the last `next()` filled.
    let block: UnsafeMutablePointer<UInt8>
    let capacity: Int
    private var pending: [UInt8]

    init(_ file: FileByteSource, prefix: [UInt8], capacity: Int) {
        self.file = file
        self.capacity = capacity
        pending = prefix
        block = .allocate(capacity: capacity)
    }

    func deallocate() { block.deallocate() }

    /// Fills `block`; the number of bytes, 0 at the end of the file.
    mutating func next() throws(ClickstreamError) -> Int {
        guard pending.isEmpty else {
            let n = min(pending.count, capacity)
            for index in 0..<n { block[index] = pending[index] }
            pending.removeFirst(n)
            return n
        }
        return try file.read(into: UnsafeMutableRawBufferPointer(start: block, count: capacity))
    }
}
