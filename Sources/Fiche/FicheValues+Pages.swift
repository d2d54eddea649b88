import Foundation

/// The printed pages of each template page, for the contents box of page 2: `page_N_debut` and
/// `page_N_fin` for `page-N.mustache`, and `page_N_suite` when it takes more than one (a
/// template page left empty prints nothing: both are its neighbour's, and the box does not
/// name it).
extension FicheValues {
    /// The numbers when every template page prints on one page, but those in `skipping`
    /// (0-based: an evolution page without a year before).
    static func pageNumbers(expected count: Int, skipping: Set<Int>) -> [String: Any] {
        var v: [String: Any] = [:]
        var printed = 0
        for k in 0..<count {
            if !skipping.contains(k) { printed += 1 }
            v["page_\(k + 1)_debut"] = String(max(printed, 1))
            v["page_\(k + 1)_fin"] = String(max(printed, 1))
            v["page_\(k + 1)_suite"] = false
        }
        return v
    }

    /// The numbers as `plans` print them.
    static func pageNumbers(printed plans: [PagePlan], templatePages count: Int) -> [String: Any] {
        var v: [String: Any] = [:]
        var last = 1
        for k in 0..<count {
            let numbers = plans.indices.filter { plans[$0].templatePage == k }.map { $0 + 1 }
            let first = numbers.first ?? last
            last = numbers.last ?? last
            v["page_\(k + 1)_debut"] = String(first)
            v["page_\(k + 1)_fin"] = String(last)
            v["page_\(k + 1)_suite"] = last > first
        }
        return v
    }
}
