import Foundation

/// Writes JSON byte for byte as `JSONEncoder` does with `[.prettyPrinted, .sortedKeys,
/// .withoutEscapingSlashes]`, without Codable's machinery: every fiche carries its JSON
/// (about 70 kB), and Foundation's encoder took 2 to 3 ms of it.
///
/// Keys are written in the order given: callers give them sorted (`ReportJSONWriterTests`
/// compares the result with `JSONEncoder`'s).
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var depth = 0
    /// Whether the current object or array has an element yet.
    private var hasElement: [Bool] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// A line feed then the indentation of the current depth.
    private static let indentation: [UInt8] = [0x0A] + [UInt8](repeating: 0x20, count: 128)

    private mutating func newline() {
        let length = 1 + min(2 * depth, 128)
        Self.indentation.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<length])) }
        if depth > 64 { bytes.append(contentsOf: repeatElement(0x20, count: 2 * depth - 128)) }
    }

    private mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Starts an element of the enclosing array (objects call `key` instead).
    private mutating func element() {
        guard let last = hasElement.last else { return }
        if last { bytes.append(0x2C) }
        hasElement[hasElement.count - 1] = true
        newline()
    }

    /// A key of the current object (keys are plain ASCII: no escaping needed).
    mutating func key(_ name: StaticString) {
        startKey()
        bytes.append(0x22)
        append(name)
        endKey()
    }

    /// A key known only at run time (a dictionary's).
    mutating func key(_ name: String) {
        startKey()
        appendQuoted(name)
        bytes.removeLast()
        endKey()
    }

    private mutating func startKey() {
        if hasElement[hasElement.count - 1] { bytes.append(0x2C) }
        hasElement[hasElement.count - 1] = true
        newline()
    }

    private mutating func endKey() {
        append("\" : ")
        keyPending = true
    }

    /// After `key`, the value follows on the same line.
    private var keyPending = false

    private mutating func beginValue() {
        if keyPending { keyPending = false } else { element() }
    }

    mutating func beginObject() { open(0x7B) }
    mutating func endObject() { close(0x7D) }
    mutating func beginArray() { open(0x5B) }
    mutating func endArray() { close(0x5D) }

    private mutating func open(_ bracket: UInt8) {
        beginValue()
        bytes.append(bracket)
        depth += 1
        hasElement.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        let hadElements = hasElement.removeLast()
        depth -= 1
        // An empty container is written `[`, an empty line, then `]`, as JSONEncoder does.
        if !hadElements { bytes.append(0x0A) }
        newline()
        bytes.append(bracket)
    }

    mutating func value(_ integer: Int) { value(Int64(integer)) }

    /// An integer, its digits written straight into the output.
    mutating func value(_ integer: Int64) {
        beginValue()
        if integer < 0 { bytes.append(0x2D) }
        var magnitude = integer.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// A double as `JSONEncoder` writes it: Swift's shortest round-trip form, without a
    /// trailing `.0` (100.0 → `100`, 1e-07 stays `1e-07`).
    mutating func value(_ double: Double) {
        beginValue()
        var text = double.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes += text.utf8
    }

    mutating func value(_ bool: Bool) {
        beginValue()
        append(bool ? "true" : "false")
    }

    mutating func null() {
        beginValue()
        append("null")
    }

    mutating func value(_ string: String) {
        beginValue()
        appendQuoted(string)
    }

    /// `"string"`, with JSONEncoder's escapes: quote, backslash, and control characters.
    private mutating func appendQuoted(_ string: String) {
        bytes.append(0x22)
        var string = string
        string.withUTF8 { utf8 in
            // Names rarely hold a character to escape: then the bytes go as they are.
            guard utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
                bytes.append(contentsOf: utf8)
                return
            }
            appendEscaped(utf8)
        }
        bytes.append(0x22)
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        let hex = Array("0123456789abcdef".utf8)
        for byte in utf8 {
            switch byte {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, 0x6E]
            case 0x0D: bytes += [0x5C, 0x72]
            case 0x09: bytes += [0x5C, 0x74]
            case 0x08: bytes += [0x5C, 0x62]
            case 0x0C: bytes += [0x5C, 0x66]
            case 0..<0x20: bytes += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
    }
}

extension ReportJSON {
    /// Pretty-printed JSON with sorted keys: the bytes `JSONEncoder` gives (`encodedWithFoundation`).
    package func encoded() throws -> Data {
        var w = JSONWriter(capacity: 256 * 1024)
        w.beginObject()
        w.key("activities"); write(activities, to: &w)
        w.key("complete_year"); w.value(complete_year)
        w.key("data_source"); w.value(data_source)
        w.key("demo"); w.value(demo)
        if let departement { w.key("departement"); write(departement, to: &w) }
        if let departements { w.key("departements"); writeArray(departements, to: &w, write) }
        w.key("exports"); write(exports, to: &w)
        if let france_figures { w.key("france_figures"); write(france_figures, to: &w) }
        w.key("imports"); write(imports, to: &w)
        w.key("kind"); w.value(kind)
        w.key("level"); w.value(level)
        w.key("partners"); writeArray(partners, to: &w, write)
        if let previous_year { w.key("previous_year"); write(previous_year, to: &w) }
        if let previous_year_gap { w.key("previous_year_gap"); w.value(previous_year_gap) }
        w.key("quarters_present")
        w.beginObject()
        // Dictionary keys, sorted as JSONEncoder sorts them.
        for (name, quarters) in quarters_present.sorted(by: { $0.key < $1.key }) {
            w.key(name)
            w.beginArray()
            for quarter in quarters { w.value(quarter) }
            w.endArray()
        }
        w.endObject()
        w.key("region"); write(region, to: &w)
        if let region_figures { w.key("region_figures"); write(region_figures, to: &w) }
        w.key("sankey"); write(sankey, to: &w)
        w.key("skipped_lines"); w.value(skipped_lines)
        w.key("statements"); write(statements, to: &w)
        w.key("year"); w.value(year)
        w.endObject()
        return Data(w.bytes)
    }

    /// The same JSON through Foundation's `JSONEncoder` (the reference `encoded()` is checked against).
    func encodedWithFoundation() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    private func writeArray<T>(_ items: [T], to w: inout JSONWriter, _ body: (T, inout JSONWriter) -> Void) {
        w.beginArray()
        for item in items { body(item, &w) }
        w.endArray()
    }

    private func write(_ p: PreviousYearJSON, to w: inout JSONWriter) {
        func evolution(_ e: EvolutionJSON, _ w: inout JSONWriter) {
            w.beginObject()
            w.key("change_eur"); w.value(e.change_eur)
            if let pct = e.change_pct { w.key("change_pct"); w.value(pct) }
            w.key("direction"); w.value(e.direction)
            w.key("previous_eur"); w.value(e.previous_eur)
            w.endObject()
        }
        func flow(_ f: FlowEvolutionJSON, _ w: inout JSONWriter) {
            w.beginObject()
            w.key("france"); evolution(f.france, &w)
            w.key("region"); evolution(f.region, &w)
            w.key("total"); evolution(f.total, &w)
            w.endObject()
        }
        func items(_ list: [ItemEvolutionJSON], _ w: inout JSONWriter) {
            writeArray(list, to: &w) { item, w in
                w.beginObject()
                w.key("code"); w.value(item.code)
                w.key("evolution"); evolution(item.evolution, &w)
                w.endObject()
            }
        }
        w.beginObject()
        w.key("activities")
        w.beginObject()
        w.key("exports"); items(p.activities.exports, &w)
        w.key("imports"); items(p.activities.imports, &w)
        w.endObject()
        w.key("exports"); flow(p.exports, &w)
        w.key("imports"); flow(p.imports, &w)
        w.key("partners")
        writeArray(p.partners, to: &w) { partner, w in
            w.beginObject()
            w.key("code"); w.value(partner.code)
            w.key("exports"); evolution(partner.exports, &w)
            w.key("imports"); evolution(partner.imports, &w)
            w.endObject()
        }
        w.key("year"); w.value(p.year)
        w.endObject()
    }

    private func write(_ member: Member, to w: inout JSONWriter) {
        w.beginObject()
        w.key("balance_eur"); w.value(member.balance_eur)
        w.key("code"); w.value(member.code)
        w.key("customs_code"); w.value(member.customs_code)
        w.key("exports_eur"); w.value(member.exports_eur)
        w.key("imports_eur"); w.value(member.imports_eur)
        w.key("name"); w.value(member.name)
        w.key("share_of_region_exports_pct"); w.value(member.share_of_region_exports_pct)
        w.key("share_of_region_imports_pct"); w.value(member.share_of_region_imports_pct)
        w.endObject()
    }

    private func write(_ place: Place, to w: inout JSONWriter) {
        w.beginObject()
        w.key("code"); w.value(place.code)
        if let customs = place.customs_code { w.key("customs_code"); w.value(customs) }
        w.key("name"); w.value(place.name)
        w.endObject()
    }

    private func write(_ flow: Flow, to w: inout JSONWriter) {
        w.beginObject()
        w.key("france_total_eur"); w.value(flow.france_total_eur)
        w.key("region_total_eur"); w.value(flow.region_total_eur)
        w.key("share_of_france_pct"); w.value(flow.share_of_france_pct)
        w.key("share_of_region_pct"); w.value(flow.share_of_region_pct)
        w.key("total_eur"); w.value(flow.total_eur)
        w.endObject()
    }

    private func write(_ item: Item?, to w: inout JSONWriter) {
        guard let item else { w.null(); return }
        w.beginObject()
        w.key("code"); w.value(item.code)
        w.key("name"); w.value(item.name)
        w.key("short_name"); w.value(item.short_name)
        w.key("value_eur"); w.value(item.value_eur)
        w.endObject()
    }

    private func write(_ partner: Partner, to w: inout JSONWriter) {
        w.beginObject()
        w.key("balance_eur"); w.value(partner.balance_eur)
        w.key("code"); w.value(partner.code)
        w.key("exports_eur"); w.value(partner.exports_eur)
        w.key("imports_eur"); w.value(partner.imports_eur)
        w.key("name"); w.value(partner.name)
        w.endObject()
    }

    private func write(_ flows: Flows, to w: inout JSONWriter) {
        w.beginObject()
        w.key("exports"); writeArray(flows.exports, to: &w, write)
        w.key("imports"); writeArray(flows.imports, to: &w, write)
        w.endObject()
    }

    private func write(_ sankey: Sankey, to w: inout JSONWriter) {
        w.beginObject()
        w.key("flows")
        writeArray(sankey.flows, to: &w) { link, w in
            w.beginObject()
            w.key("from"); w.value(link.from)
            w.key("highlight"); w.value(link.highlight)
            w.key("to"); w.value(link.to)
            w.key("value_eur"); w.value(link.value_eur)
            w.endObject()
        }
        w.key("left"); writeArray(sankey.left, to: &w, write)
        w.key("right"); writeArray(sankey.right, to: &w, write)
        w.endObject()
    }

    private func write(_ sankeys: Sankeys, to w: inout JSONWriter) {
        w.beginObject()
        w.key("exports"); write(sankeys.exports, to: &w)
        w.key("imports"); write(sankeys.imports, to: &w)
        w.endObject()
    }

    private func write(_ territory: Territory, to w: inout JSONWriter) {
        w.beginObject()
        w.key("activities"); write(territory.activities, to: &w)
        w.key("code"); w.value(territory.code)
        w.key("exports_eur"); w.value(territory.exports_eur)
        w.key("imports_eur"); w.value(territory.imports_eur)
        w.key("name"); w.value(territory.name)
        w.key("partners"); writeArray(territory.partners, to: &w, write)
        w.key("sankey"); write(territory.sankey, to: &w)
        w.endObject()
    }

    private func write(_ s: Statements, to w: inout JSONWriter) {
        w.beginObject()
        w.key("balance_eur"); w.value(s.balance_eur)
        w.key("first_activity")
        w.beginObject()
        w.key("exports"); write(s.first_activity.exports, to: &w)
        w.key("imports"); write(s.first_activity.imports, to: &w)
        w.endObject()
        w.key("first_client"); write(s.first_client, to: &w)
        w.key("first_supplier"); write(s.first_supplier, to: &w)
        w.key("partners_balanced"); w.value(s.partners_balanced)
        w.key("partners_deficit"); w.value(s.partners_deficit)
        w.key("partners_listed"); w.value(s.partners_listed)
        w.key("partners_share_of_trade_pct"); w.value(s.partners_share_of_trade_pct)
        w.key("partners_surplus"); w.value(s.partners_surplus)
        w.key("treemap"); write(s.treemap, to: &w)
        w.endObject()
    }
}
