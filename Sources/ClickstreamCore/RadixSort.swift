/// Orders integer keys without comparing them: a stable least-significant-digit radix
/// sort, 11 bits a pass, over only the bits the keys use. The cube sorts its segments and
/// cells with it: a million of either in a few passes over memory instead of twenty rounds
/// of comparisons.
package enum RadixSort {
    private static let digitBits = 11

    /// The indices of `keys` in ascending key order, equal keys in index order. Keys must
    /// be below 2^`bits`.
    package static func order(of keys: [UInt64], bits: Int) -> [Int] { sorted(keys, bits: bits).order }

    /// The keys in ascending order, and where each came from (`order`).
    package static func sorted(_ keys: [UInt64], bits: Int) -> (keys: [UInt64], order: [Int]) {
        let n = keys.count
        var order = Array(0..<n)
        guard n > 1 else { return (keys, order) }
        var current = keys
        var nextKeys = [UInt64](repeating: 0, count: n)
        var nextOrder = [Int](repeating: 0, count: n)
        let buckets = 1 << digitBits
        var offsets = [Int](repeating: 0, count: buckets + 1)
        var shift = 0
        while shift < bits {
            let mask = UInt64(buckets - 1), by = UInt64(shift)
            for index in offsets.indices { offsets[index] = 0 }
            for key in current { offsets[Int((key >> by) & mask) &+ 1] &+= 1 }
            // A pass where every key has the same digit changes nothing.
            if !offsets.contains(n) {
                for index in 1...buckets { offsets[index] &+= offsets[index - 1] }
                current.withUnsafeBufferPointer { keysIn in
                    order.withUnsafeBufferPointer { orderIn in
                        nextKeys.withUnsafeMutableBufferPointer { keysOut in
                            nextOrder.withUnsafeMutableBufferPointer { orderOut in
                                offsets.withUnsafeMutableBufferPointer { place in
                                    for i in 0..<n {
                                        let key = keysIn[i]
                                        let digit = Int((key >> by) & mask)
                                        let at = place[digit]
                                        place[digit] = at &+ 1
                                        keysOut[at] = key
                                        orderOut[at] = orderIn[i]
                                    }
                                }
                            }
                        }
                    }
                }
                swap(&current, &nextKeys)
                swap(&order, &nextOrder)
            }
            shift += digitBits
        }
        return (current, order)
    }

    /// How many bits hold every number below `count`.
    package static func bits(below count: Int) -> Int {
        count <= 1 ? 0 : Int.bitWidth - (count - 1).leadingZeroBitCount
    }
}
