/// The protobuf messages of Prometheus remote write 1.0 and remote read,
/// as declared in `prompb/types.proto` and `prompb/remote.proto` upstream
/// (package `prometheus`).
///
/// Each message is a value type conforming to ``ProtobufMessage``: decode
/// with `init(serializedBytes:)`, encode with `serializedBytes()`. Field
/// names follow the `.proto` file in lower camel case; `ReadHints.func`
/// is spelled ``ReadHints/function``.
///
/// Encoding matches the gogo/protobuf code Prometheus is built with: fields
/// in number order, repeated messages one field each, repeated scalars
/// packed, and zero scalars left out. Like that code, a `double` that is
/// zero (including -0.0) is left out, so -0.0 decodes as 0.0.
///
/// Proto3 enums are open: an enum field holds any `Int32`, and values this
/// code does not name survive a round trip. They are modelled as structs
/// wrapping the raw value, with the known values as static members.
public enum Prompb {}
