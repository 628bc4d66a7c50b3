/*
 * The body of every "remove a verification method" request. A DELETE often
 * comes without a body (validated as null); one that is sent must have this
 * shape. `confirmLastFactor` confirms removing the last second factor.
 */
import { Type } from "typebox";

export const RemoveFactorBody = Type.Union([Type.Object({ confirmLastFactor: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), Type.Null()]);
