/// A series' written but unpublished runs of samples, oldest first, one run
/// per batch. A run becomes visible only when it and every run before it are
/// published, so a batch that commits later cannot expose an earlier one's
/// samples.
///
/// Almost always there is at most one run (the batch being committed), so
/// the oldest is kept inline: appending and publishing it touch no memory
/// outside the series.
struct UnpublishedRuns: Sendable {
    /// 16 bytes: a batch's samples for one series fit 32 bits (they are
    /// bounded by request sizes), and the series keeps one run inline.
    struct Run: Sendable {
        var batch: UInt64
        var count: Int32
        var published: Bool
    }

    private var oldest: Run?
    private var later: [Run] = []

    var isEmpty: Bool { oldest == nil }

    /// Records that `batch` wrote `count` more samples; returns whether it
    /// is the batch's first write here.
    mutating func wrote(_ count: Int, batch: UInt64) -> Bool {
        if later.isEmpty {
            if oldest?.batch == batch {
                oldest!.count += Int32(count)
                return false
            }
            if oldest == nil {
                oldest = Run(batch: batch, count: Int32(count), published: false)
                return true
            }
        } else if later[later.count - 1].batch == batch {
            later[later.count - 1].count += Int32(count)
            return false
        }
        later.append(Run(batch: batch, count: Int32(count), published: false))
        return true
    }

    /// Marks `batch` published; returns how many samples became visible.
    mutating func publish(_ batch: UInt64) -> Int {
        if oldest?.batch == batch { oldest!.published = true }
        for i in later.indices where later[i].batch == batch { later[i].published = true }
        var visible = 0
        while let run = oldest, run.published {
            visible += Int(run.count)
            oldest = later.isEmpty ? nil : later.removeFirst()
        }
        return visible
    }
}
