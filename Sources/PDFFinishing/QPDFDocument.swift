import CQPDF
import Foundation

/// What went wrong while finishing a PDF.
package enum PDFFinishingError: Error, CustomStringConvertible, Equatable {
    /// qpdf could not read or write the document.
    case qpdf(String)
    /// The document is not shaped as the finishing step expects (no catalog, no pages…).
    case unexpectedStructure(String)

    package var description: String {
        switch self {
        case .qpdf(let message): return "PDF finishing: \(message)"
        case .unexpectedStructure(let message): return "PDF finishing: unexpected document structure: \(message)"
        }
    }
}

/// A PDF opened with qpdf's C API, edited object by object, written to memory.
///
/// Object handles (`QPDFObject`) are only valid while the document lives; one document is
/// used by one thread.
final class QPDFDocument {
    let data: qpdf_data
    /// The input bytes: qpdf reads them lazily, so they must outlive the document.
    private let input: Data
    /// The streams made by `stream` (beyond the trailer's `/Size` until written).
    private(set) var createdStreams: [QPDFObject] = []

    /// Reads a PDF from memory.
    init(_ pdf: Data) throws {
        guard let handle = qpdf_init() else { throw PDFFinishingError.qpdf("cannot initialise qpdf") }
        data = handle
        input = pdf
        qpdf_silence_errors(data)
        qpdf_set_suppress_warnings(data, QPDF_TRUE)
        let status = input.withUnsafeBytes { bytes in
            qpdf_read_memory(data, "fiche.pdf", bytes.baseAddress?.assumingMemoryBound(to: CChar.self), UInt64(bytes.count), nil)
        }
        try check(status, "reading the PDF")
    }

    deinit {
        var handle: qpdf_data? = data
        qpdf_cleanup(&handle)
    }

    /// Throws qpdf's error message when the last call failed.
    func check(_ status: QPDF_ERROR_CODE = 0, _ doing: String) throws {
        guard status & QPDF_ERRORS != 0 || qpdf_has_error(data) != 0 else { return }
        if qpdf_has_error(data) != 0, let error = qpdf_get_error(data), let text = qpdf_get_error_full_text(data, error) {
            throw PDFFinishingError.qpdf("\(doing): \(String(cString: text))")
        }
        throw PDFFinishingError.qpdf(doing)
    }

    /// The document catalog.
    var root: QPDFObject { QPDFObject(document: self, handle: qpdf_get_root(data)) }
    /// The trailer dictionary.
    var trailer: QPDFObject { QPDFObject(document: self, handle: qpdf_get_trailer(data)) }

    /// The pages, in order.
    var pages: [QPDFObject] {
        (0..<Int(max(0, qpdf_get_num_pages(data)))).map { QPDFObject(document: self, handle: qpdf_get_page_n(data, $0)) }
    }

    /// An object parsed from PDF syntax, e.g. `<< /S /D >>`.
    func parse(_ syntax: String) -> QPDFObject { QPDFObject(document: self, handle: qpdf_oh_parse(data, syntax)) }
    /// A PDF name (without the slash).
    func name(_ value: String) -> QPDFObject { QPDFObject(document: self, handle: qpdf_oh_new_name(data, "/" + value)) }
    /// A text string (written as UTF-16 when it is not plain ASCII).
    func text(_ value: String) -> QPDFObject { QPDFObject(document: self, handle: qpdf_oh_new_unicode_string(data, value)) }
    /// A byte string.
    func bytes(_ value: String) -> QPDFObject { QPDFObject(document: self, handle: qpdf_oh_new_string(data, value)) }
    /// A boolean.
    func bool(_ value: Bool) -> QPDFObject { QPDFObject(document: self, handle: qpdf_oh_new_bool(data, value ? QPDF_TRUE : QPDF_FALSE)) }
    /// An integer.
    func integer(_ value: Int) -> QPDFObject { QPDFObject(document: self, handle: qpdf_oh_new_integer(data, Int64(value))) }
    /// A new empty array.
    func array(_ items: [QPDFObject] = []) -> QPDFObject {
        let array = QPDFObject(document: self, handle: qpdf_oh_new_array(data))
        for item in items { array.append(item) }
        return array
    }

    /// A new indirect stream holding `bytes`, Flate-compressed here unless `compress` is
    /// false, with `dictionary`'s entries (e.g. `/Type /Metadata /Subtype /XML`).
    func stream(_ bytes: Data, dictionary: String = "<< >>", compress: Bool = true) -> QPDFObject {
        let stream = QPDFObject(document: self, handle: qpdf_oh_new_stream(data))
        if compress {
            stream.replaceStreamData(Deflate.compress(bytes), filter: name("FlateDecode"))
        } else {
            // Metadata stays readable by tools that do not decompress (PDF/A recommends it).
            stream.replaceStreamData(bytes)
        }
        let extra = parse(dictionary)
        for key in extra.keys { stream.streamDictionary.set(key, extra[key]) }
        let indirect = makeIndirect(stream)
        createdStreams.append(indirect)
        return indirect
    }

    /// Makes `object` an indirect object of the document and returns the reference.
    func makeIndirect(_ object: QPDFObject) -> QPDFObject {
        QPDFObject(document: self, handle: qpdf_make_indirect_object(data, object.handle))
    }

    /// Writes the document to memory: streams as they are (cairo's compressed, the new ones
    /// compressed by `stream`), object streams kept, and a deterministic `/ID` (a hash of the
    /// content), so identical input gives identical bytes.
    func write() throws -> Data {
        try protectStreamEnds()
        try check(qpdf_init_write_memory(data), "preparing to write")
        qpdf_set_deterministic_ID(data, QPDF_TRUE)
        // PDF/A: an end-of-line marker before `endstream`.
        qpdf_set_newline_before_endstream(data, QPDF_TRUE)
        // Streams already compressed by cairo are copied as they are (no inflate/deflate
        // round trip); only the streams written here are compressed.
        qpdf_set_decode_level(data, qpdf_dl_none)
        qpdf_set_compress_streams(data, QPDF_FALSE)
        qpdf_set_object_stream_mode(data, qpdf_o_preserve)
        try check(qpdf_write(data), "writing the PDF")
        guard let buffer = qpdf_get_buffer(data) else { throw PDFFinishingError.qpdf("no output") }
        return Data(bytes: buffer, count: qpdf_get_buffer_length(data))
    }
}

extension QPDFDocument {
    /// qpdf writes a line feed before `endstream`; a stream whose data ends with a carriage
    /// return would then read as ending with CR LF, one byte short of its `/Length` (PDF/A
    /// 6.1.7.1). About one stream in 256 ends so: its data gets an outer ASCIIHex encoding,
    /// which ends with `>`.
    func protectStreamEnds() throws {
        let count = trailer["Size"].integer ?? 0
        let original = (1..<max(1, count)).map { QPDFObject(document: self, handle: qpdf_get_object_by_id(data, Int32($0), 0)) }
        for object in original + createdStreams {
            guard object.isStream else { continue }
            let raw = try object.rawStreamData()
            guard raw.last == 0x0D else { continue }
            let dictionary = object.streamDictionary
            let filters = dictionary["Filter"], parameters = dictionary["DecodeParms"]
            let newFilters = array([name("ASCIIHexDecode")])
            let newParameters = array([parse("null")])
            if filters.isArray { filters.items.forEach(newFilters.append) } else if !filters.isNull { newFilters.append(filters) }
            if parameters.isArray { parameters.items.forEach(newParameters.append) } else if !parameters.isNull { newParameters.append(parameters) }
            let hasParameters = !parameters.isNull
            object.replaceStreamData(Self.asciiHex(raw), filter: newFilters, decodeParms: hasParameters ? newParameters : nil)
        }
    }

    static func asciiHex(_ bytes: Data) -> Data {
        let digits = Array("0123456789ABCDEF".utf8)
        var out = Data(capacity: bytes.count * 2 + 1)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        out.append(UInt8(ascii: ">"))
        return out
    }
}

/// zlib compression of the streams the finishing step writes.
enum Deflate {
    /// `bytes` in the zlib format (what /FlateDecode reads), at zlib's fastest level: the
    /// finishing step runs once per fiche, and the streams it writes are small.
    static func compress(_ bytes: Data) -> Data {
        var length = compressBound(uLong(bytes.count))
        var out = Data(count: Int(length))
        let status = out.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                compress2(target.baseAddress!.assumingMemoryBound(to: Bytef.self), &length,
                          source.baseAddress?.assumingMemoryBound(to: Bytef.self) ?? UnsafePointer(bitPattern: 1)!,
                          uLong(bytes.count), Z_BEST_SPEED)
            }
        }
        // compress2 fails only when out of memory or given a too small buffer (compressBound rules that out).
        precondition(status == Z_OK, "zlib compress2 failed (\(status))")
        out.count = Int(length)
        return out
    }
}

/// One object of a `QPDFDocument` (direct or indirect).
struct QPDFObject {
    unowned let document: QPDFDocument
    let handle: qpdf_oh

    private var q: qpdf_data { document.data }

    var isNull: Bool { qpdf_oh_is_null(q, handle) != 0 || qpdf_oh_is_initialized(q, handle) == 0 }
    var isDictionary: Bool { qpdf_oh_is_dictionary(q, handle) != 0 }
    var isArray: Bool { qpdf_oh_is_array(q, handle) != 0 }
    var isStream: Bool { qpdf_oh_is_stream(q, handle) != 0 }
    var isIndirect: Bool { qpdf_oh_is_indirect(q, handle) != 0 }

    /// The name's text without the slash, or nil for another type.
    var name: String? {
        guard qpdf_oh_is_name(q, handle) != 0, let text = qpdf_oh_get_name(q, handle) else { return nil }
        return String(String(cString: text).dropFirst())
    }

    /// A string's text (decoded from PDFDocEncoding or UTF-16), or nil for another type.
    var text: String? {
        guard qpdf_oh_is_string(q, handle) != 0 else { return nil }
        var length = 0
        guard let bytes = qpdf_oh_get_binary_utf8_value(q, handle, &length) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
    }

    /// A string's raw bytes, or nil for another type.
    var stringBytes: Data? {
        guard qpdf_oh_is_string(q, handle) != 0 else { return nil }
        var length = 0
        guard let bytes = qpdf_oh_get_binary_string_value(q, handle, &length) else { return nil }
        return Data(bytes: bytes, count: length)
    }

    /// An integer's value, or nil.
    var integer: Int? { qpdf_oh_is_integer(q, handle) != 0 ? Int(qpdf_oh_get_int_value(q, handle)) : nil }

    /// The entry `key` (without the slash) of a dictionary or of a stream's dictionary.
    subscript(key: String) -> QPDFObject {
        QPDFObject(document: document, handle: qpdf_oh_get_key(q, handle, "/" + key))
    }

    /// A dictionary's keys (without slashes).
    var keys: [String] {
        var result: [String] = []
        qpdf_oh_begin_dict_key_iter(q, handle)
        while qpdf_oh_dict_more_keys(q) != 0 {
            if let key = qpdf_oh_dict_next_key(q) { result.append(String(String(cString: key).dropFirst())) }
        }
        return result
    }

    /// Sets `key` of a dictionary (or of a stream's dictionary).
    func set(_ key: String, _ value: QPDFObject) {
        qpdf_oh_replace_key(q, handle, "/" + key, value.handle)
    }

    /// Removes `key` of a dictionary.
    func remove(_ key: String) { qpdf_oh_remove_key(q, handle, "/" + key) }

    /// An array's items.
    var items: [QPDFObject] {
        (0..<Int(max(0, qpdf_oh_get_array_n_items(q, handle)))).map {
            QPDFObject(document: document, handle: qpdf_oh_get_array_item(q, handle, Int32($0)))
        }
    }

    /// Appends to an array.
    func append(_ item: QPDFObject) { qpdf_oh_append_item(q, handle, item.handle) }

    /// A stream's dictionary.
    var streamDictionary: QPDFObject { QPDFObject(document: document, handle: qpdf_oh_get_dict(q, handle)) }

    /// A stream's data, decoded (Flate and other generalized filters).
    func streamData() throws -> Data {
        var filtered: QPDF_BOOL = 0
        var buffer: UnsafeMutablePointer<UInt8>?
        var length = 0
        try document.check(qpdf_oh_get_stream_data(q, handle, qpdf_dl_generalized, &filtered, &buffer, &length), "reading a stream")
        defer { free(buffer) }
        guard filtered != 0 else { throw PDFFinishingError.unexpectedStructure("a stream could not be decoded") }
        return buffer.map { Data(bytes: $0, count: length) } ?? Data()
    }

    /// The content data of a page (its content streams, decoded and joined).
    func pageContentData() throws -> Data {
        var buffer: UnsafeMutablePointer<UInt8>?
        var length = 0
        try document.check(qpdf_oh_get_page_content_data(q, handle, &buffer, &length), "reading page content")
        defer { free(buffer) }
        return buffer.map { Data(bytes: $0, count: length) } ?? Data()
    }

    /// Replaces a stream's data: `bytes` already encoded with `filter` (nil: unencoded).
    func replaceStreamData(_ bytes: Data, filter: QPDFObject? = nil, decodeParms: QPDFObject? = nil) {
        let null = qpdf_oh_new_null(q)
        bytes.withUnsafeBytes { raw in
            qpdf_oh_replace_stream_data(q, handle, raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count,
                                        filter?.handle ?? null, decodeParms?.handle ?? null)
        }
    }

    /// A stream's data as stored in the file (still encoded).
    func rawStreamData() throws -> Data {
        var filtered: QPDF_BOOL = 0
        var buffer: UnsafeMutablePointer<UInt8>?
        var length = 0
        try document.check(qpdf_oh_get_stream_data(q, handle, qpdf_dl_none, &filtered, &buffer, &length), "reading a stream")
        defer { free(buffer) }
        return buffer.map { Data(bytes: $0, count: length) } ?? Data()
    }

    /// The object in PDF syntax (for tests and error messages).
    var syntax: String { qpdf_oh_unparse(q, handle).map { String(cString: $0) } ?? "" }
}
