import Foundation
import Testing
@testable import TradeData

/// The hand-written JSON of a report gives exactly the bytes Foundation's `JSONEncoder` gives,
/// so `inspect --json` and the JSON attached to each fiche did not change when it replaced it.
@Suite struct ReportJSONWriterTests {
    @Test func everyDepartementsJSONIsByteForByteWhatJSONEncoderWrites() throws {
        let dataset = try TradeDataset.load(paths: [DemoYearTests.smallDirectory], isDemo: true)
        let aggregates = try TradeAggregates(dataset: dataset, year: 2024)
        var compared = 0
        for departement in dataset.geography.departements where departement.code != "99" {
            let report = try aggregates.report(for: departement.code)
            for comparisons in [false, true] {
                let json = ReportJSON(report, comparisons: comparisons)
                let reference = try json.encodedWithFoundation()
                #expect(try json.encoded() == reference, "\(departement.code) comparisons: \(comparisons)")
                compared += 1
            }
        }
        #expect(compared >= 200)
    }

    /// `code` is INSEE's where the customs territory is one INSEE département, the customs code
    /// is kept in `customs_code`; Corse (2A and 2B) keeps 20.
    @Test func departementCodeIsINSEEsWithTheCustomsCodeBeside() throws {
        let dataset = try TradeDataset.load(paths: [DemoYearTests.smallDirectory], isDemo: true)
        let aggregates = try TradeAggregates(dataset: dataset, year: 2024)
        for (customs, insee) in [("9D", "974"), ("9A", "971"), ("9E", "976"), ("95", "95"), ("20", "20")] {
            let json = try JSONSerialization.jsonObject(with: try ReportJSON(try aggregates.report(for: customs)).encoded()) as? [String: Any]
            let place = json?["departement"] as? [String: String]
            #expect(place?["code"] == insee && place?["customs_code"] == customs, "\(customs): \(String(describing: place))")
            let region = json?["region"] as? [String: String]
            #expect(region?["customs_code"] != nil && region?["code"] != region?["customs_code"], "\(customs): \(String(describing: region))")
        }
    }

    /// The région is named as INSEE names it, its customs code beside; the overseas block is no
    /// INSEE région and says what it is.
    @Test func regionCodeIsINSEEsAndTheOverseasBlockIsNamedAsAGroup() throws {
        let dataset = try TradeDataset.load(paths: [DemoYearTests.smallDirectory], isDemo: true)
        let aggregates = try TradeAggregates(dataset: dataset, year: 2024)
        for (customs, code, name) in [("95", "11", "Île-de-France"), ("9D", "outre-mer", "ensemble des départements d’outre-mer"),
                                      ("13", "93", "Provence-Alpes-Côte d'Azur")] {
            let json = try JSONSerialization.jsonObject(with: try ReportJSON(try aggregates.report(for: customs)).encoded()) as? [String: Any]
            let region = json?["region"] as? [String: String]
            #expect(region?["code"] == code && region?["name"] == name, "\(customs): \(String(describing: region))")
            #expect(json?["kind"] as? String == "departement")
        }
    }

    /// Strings and numbers the report's data could hold, written both ways.
    struct Awkward: Encodable {
        let texts: [String]
        let numbers: [Double]
        let integers: [Int64]
        let empty: [Int]
        let nothing: [String: Int]
        let nested: [[String: [Int]]]
    }

    @Test func escapesNumbersAndEmptyContainersAreWrittenAsJSONEncoderWritesThem() throws {
        let value = Awkward(
            texts: ["q\"b\\s/", "\u{1}\u{8}\u{C}\u{1F}\t\n\r\u{7F}", "é’\u{2028}😀", ""],
            numbers: [0.1, 100, 1e-7, 1e20, 1e16, 123456789012.5, -0.0, 0, 4.17, 17.1, 2.5e-5, 1.0 / 3, 5e-324,
                      .greatestFiniteMagnitude, 9007199254740993, -12.25],
            integers: [0, -1, .max, .min], empty: [], nothing: [:], nested: [[:], ["a": [], "b": [1, 2]]])
        var w = JSONWriter()
        w.beginObject()
        w.key("empty"); w.beginArray(); w.endArray()
        w.key("integers"); w.beginArray(); value.integers.forEach { w.value($0) }; w.endArray()
        w.key("nested")
        w.beginArray()
        for dictionary in value.nested {
            w.beginObject()
            for (key, items) in dictionary.sorted(by: { $0.key < $1.key }) {
                w.key(key); w.beginArray(); items.forEach { w.value($0) }; w.endArray()
            }
            w.endObject()
        }
        w.endArray()
        w.key("nothing"); w.beginObject(); w.endObject()
        w.key("numbers"); w.beginArray(); value.numbers.forEach { w.value($0) }; w.endArray()
        w.key("texts"); w.beginArray(); value.texts.forEach { w.value($0) }; w.endArray()
        w.endObject()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let reference = try encoder.encode(value)
        #expect(String(decoding: w.bytes, as: UTF8.self) == String(decoding: reference, as: UTF8.self))
    }
}
