// The public surface of @entrada/core: Entrada's domain without I/O. Other packages import only
// from here; index.test.ts pins the list, so a change to it is a deliberate, reviewed change.

export {
  applicationReference,
  applicationReferenceBytes,
  applicationReferencePattern,
  parseApplicationReference,
} from "./applications/applicationReference.ts";
export {
  type ApplicationState,
  applicationStates,
  isApplicationState,
  statesAfterPayment,
  terminalStates,
} from "./applications/applicationStates.ts";
export {
  type ActorRole,
  type ApplicationEvent,
  type ApplicationTransition,
  actorRoles,
  applicationEvents,
  applicationTransitions,
} from "./applications/applicationTransitions.ts";
export { availableEvents } from "./applications/availableEvents.ts";
export { type TransitionErrorType, type TransitionOptions, transition } from "./applications/transition.ts";
export type { Authority } from "./catalogue/Authority.ts";
export {
  checkEligibility,
  type EligibilityNoteCode,
  type EligibilityQuery,
  type EligibilityResult,
  type EligibleProduct,
  type IneligibilityCode,
  type IneligibilityReason,
  type IneligibleProduct,
} from "./catalogue/checkEligibility.ts";
export { type Catalogue, type CreateCatalogueParameters, createCatalogue } from "./catalogue/createCatalogue.ts";
export {
  type CatalogueLanguage,
  catalogueLanguages,
  type LocalizedName,
  localizedName,
} from "./catalogue/LocalizedName.ts";
export {
  answerFields,
  type EntryCount,
  type FeeWaiver,
  identityFields,
  type NationalityRule,
  type Product,
  type RequiredDocument,
  type RequiredField,
  requiredDocuments,
  type VisaType,
} from "./catalogue/Product.ts";
export {
  type ResolveProductFeeParameters,
  type ResolveProductFeeReturnType,
  resolveProductFee,
} from "./catalogue/resolveProductFee.ts";
export { seedAuthorities, seedCatalogue, seedProducts } from "./catalogue/seed.ts";
export {
  IllegalTransitionError,
  TransitionForbiddenError,
  TransitionReasonRequiredError,
} from "./errors/application.ts";
export {
  BaseError,
  type BaseErrorParameters,
  CodedError,
  type CodedErrorParameters,
  type ErrorDetails,
  type JsonValue,
} from "./errors/BaseError.ts";
export {
  InvalidCatalogueError,
  InvalidCountryCodeError,
  InvalidDateError,
  UnknownAuthorityError,
  UnknownProductError,
} from "./errors/catalogue.ts";
export { type ErrorCode, type ErrorCodeEntry, errorCodes } from "./errors/errorCodes.ts";
export { EmptyBatchError, FeeAboveCapError, InvalidBpsError } from "./errors/fee.ts";
export {
  CurrencyMismatchError,
  DivisionByZeroError,
  InvalidAmountError,
  InvalidRateError,
  NegativeAmountError,
  TooManyDecimalsError,
  UnknownCurrencyError,
} from "./errors/money.ts";
export {
  InvalidQuoteConfigError,
  MissingRateError,
  NothingToPayError,
  QuoteExpiredError,
  StaleRateError,
  UnsupportedTokenError,
} from "./errors/quote.ts";
export {
  type BatchFeeItem,
  type BatchPlatformFeeBreakdown,
  type ComputeBatchPlatformFeeParameters,
  computeBatchPlatformFee,
} from "./fees/computeBatchPlatformFee.ts";
export {
  type ComputePlatformFeeParameters,
  computePlatformFee,
  type PlatformFeeBreakdown,
} from "./fees/computePlatformFee.ts";
export {
  type AppliedDiscount,
  type Discount,
  defaultFeeBps,
  defaultFeeCapBps,
  type ResolveFeeBpsParameters,
  type ResolveFeeBpsReturnType,
  resolveFeeBps,
} from "./fees/resolveFeeBps.ts";
export { addMoney } from "./money/addMoney.ts";
export { applyBps, assertBps, bpsDenominator } from "./money/applyBps.ts";
export { compareMoney } from "./money/compareMoney.ts";
export { type ConvertMoneyParameters, convertMoney } from "./money/convertMoney.ts";
export {
  type Currency,
  type CurrencyCode,
  currencies,
  getCurrency,
  isTokenSymbol,
  type TokenSymbol,
  tokenSymbols,
} from "./money/currencies.ts";
export { type FormatMoneyOptions, formatMoney } from "./money/formatMoney.ts";
export { type Money, money } from "./money/Money.ts";
export { type ParseMoneyErrorType, type ParseMoneyOptions, parseMoney } from "./money/parseMoney.ts";
export { createRate, invertRate, multiplyRates, type Rate, rateFromAnswer } from "./money/Rate.ts";
export { type Rounding, roundDiv } from "./money/roundDiv.ts";
export { subtractMoney } from "./money/subtractMoney.ts";
export {
  type BatchQuote,
  type BatchQuoteItem,
  type CreateQuoteServiceParameters,
  createQuoteService,
  type MaxStaleness,
  type Quote,
  type QuoteBatchParameters,
  type QuoteParameters,
  type QuotePricing,
  type QuoteService,
  type QuoteTiming,
  type RateLeg,
} from "./quotes/createQuoteService.ts";
export {
  type CreateStaticPriceSourceParameters,
  createStaticPriceSource,
  type StaticPriceSource,
} from "./quotes/createStaticPriceSource.ts";
export { isQuoteExpired } from "./quotes/isQuoteExpired.ts";
export type { PriceAnswer, PricePair, PriceSource } from "./quotes/PriceSource.ts";
export type { QuotePricingRecord } from "./quotes/QuotePricingRecord.ts";
export {
  type FreshPrice,
  type PriceAttempt,
  type PriceAttemptOutcome,
  type ReadFreshPriceParameters,
  readFreshPrice,
} from "./quotes/readFreshPrice.ts";
