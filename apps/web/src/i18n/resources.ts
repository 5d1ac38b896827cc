import enCommon from "../locales/en/common.json";
import enErrors from "../locales/en/errors.json";
import enIdentity from "../locales/en/identity.json";
import enOfficer from "../locales/en/officer.json";
import enTraveller from "../locales/en/traveller.json";
import esCommon from "../locales/es/common.json";
import esErrors from "../locales/es/errors.json";
import esIdentity from "../locales/es/identity.json";
import esOfficer from "../locales/es/officer.json";
import esTraveller from "../locales/es/traveller.json";
import zhCommon from "../locales/zh/common.json";
import zhErrors from "../locales/zh/errors.json";
import zhIdentity from "../locales/zh/identity.json";
import zhOfficer from "../locales/zh/officer.json";
import zhTraveller from "../locales/zh/traveller.json";

/** Every translation, bundled: three languages of a few kB each cost less than a round trip. */
export const resources = {
  en: { common: enCommon, traveller: enTraveller, officer: enOfficer, errors: enErrors, identity: enIdentity },
  zh: { common: zhCommon, traveller: zhTraveller, officer: zhOfficer, errors: zhErrors, identity: zhIdentity },
  es: { common: esCommon, traveller: esTraveller, officer: esOfficer, errors: esErrors, identity: esIdentity },
} as const;
