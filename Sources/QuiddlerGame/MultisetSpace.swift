/// The sub-multisets of one multiset of cards, numbered in mixed radix: a sub-multiset holding
/// `d[j]` copies of the j-th distinct kind has index `Σ d[j]·radix[j]`, so removing a sub-multiset
/// is a subtraction of indices. Each is also packed into 5-bit fields of a UInt64 (a guard bit
/// over 4 count bits), which makes "is W inside S" one subtraction and one mask.
struct MultisetSpace {
    /// The distinct kinds, in kind order.
    let kinds: [Card]
    /// How many of each kind the full multiset holds.
    let counts: [Int]
    /// Place value of each kind in the index.
    let radix: [Int]
    /// The number of sub-multisets.
    let size: Int
    /// Per state: the packed 5-bit count fields.
    let packed: [UInt64]
    /// Per state: the position of its lowest kind present (-1 for the empty multiset).
    let lowest: [Int8]
    /// Per state: number of cards and their points.
    let cardCount: [Int8]
    let points: [Int16]

    static let guardBits: UInt64 = (0..<12).reduce(0) { $0 | (UInt64(16) << (5 * UInt64($1))) }
    static let maxKinds = 12

    /// - Precondition: at most 12 distinct kinds and 15 copies of any.
    init(_ multiset: CardCounts) {
        kinds = multiset.kinds
        precondition(kinds.count <= MultisetSpace.maxKinds)
        counts = kinds.map { multiset[$0] }
        var r: [Int] = []
        var place = 1
        for c in counts { r.append(place); place *= c + 1 }
        radix = r
        size = place

        var packed = [UInt64](repeating: 0, count: size)
        var lowest = [Int8](repeating: -1, count: size)
        var cardCount = [Int8](repeating: 0, count: size)
        var points = [Int16](repeating: 0, count: size)
        var digits = [Int](repeating: 0, count: kinds.count)
        for s in 1..<max(size, 1) {
            // Increment the mixed-radix counter.
            var j = 0
            while digits[j] == counts[j] { digits[j] = 0; j += 1 }
            digits[j] += 1
            var low = 0
            while digits[low] == 0 { low += 1 }
            let prev = s - radix[low]
            lowest[s] = Int8(low)
            packed[s] = packed[prev] + (1 << (5 * UInt64(low)))
            cardCount[s] = cardCount[prev] + 1
            points[s] = points[prev] + Int16(kinds[low].points)
        }
        self.packed = packed
        self.lowest = lowest
        self.cardCount = cardCount
        self.points = points
    }

    /// The index of the full multiset.
    var full: Int { size - 1 }

    /// Whether the sub-multiset packed as `w` lies inside state `s`.
    @inline(__always)
    func contains(_ s: Int, _ w: UInt64) -> Bool {
        ((packed[s] | MultisetSpace.guardBits) &- w) & MultisetSpace.guardBits == MultisetSpace.guardBits
    }

    /// The states one card smaller than the full multiset: one card of each kind taken out, in kind order.
    var drops: [(card: Card, state: Int)] { kinds.indices.map { j in (kinds[j], full - radix[j]) } }

    /// The cards of state `s`, in kind order.
    func cards(of s: Int) -> [Card] {
        var out: [Card] = []
        for j in kinds.indices {
            let d = (s / radix[j]) % (counts[j] + 1)
            out.append(contentsOf: repeatElement(kinds[j], count: d))
        }
        return out
    }
}
