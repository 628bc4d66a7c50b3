/* Input schema of removing recovery codes: the contract, the validation and the type. */
import { Type } from "typebox";

// No top-level "type": a DELETE may come without a body, and the validator
// then has nothing to check; a body that is sent is still held to this shape.
export const RemoveCodesBody = Type.Unsafe<{ confirmLastFactor?: boolean } | undefined>({
  properties: { confirmLastFactor: { type: "boolean", errorMessage: "confirmLastFactor is true or false." } },
  additionalProperties: false,
});
