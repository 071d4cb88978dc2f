// The employer profile editor: organisation (统一社会信用代码, 法定代表人) or individual (身份证), contact,
// region and address, and the verification state the bureau sets. Masked values (contact phone, ID number) are
// shown as hints and never re-sent; only newly typed ones go to the server.
'use strict';
const validate = require('../utils/validate');
const present = require('./present');
const fields = require('./fields');

const KINDS = [
  { value: 'org', label: '单位（企业、个体户、机关团体）' },
  { value: 'person', label: '个人' },
];
const FIELD_MAP = {
  kind: 'kind',
  name: 'name',
  credit_code: 'creditCode',
  legal_rep: 'legalRep',
  contact_name: 'contactName',
  contact_phone: 'contactPhone',
  id_number: 'idNumber',
  region_code: 'region',
  address: 'address',
};

function fromServer(e) {
  e = e || {};
  const v = e.verification || 'unverified';
  return {
    exists: !!e.exists,
    kind: e.kind || 'org',
    name: e.name || '',
    creditCode: e.credit_code || '',
    legalRep: e.legal_rep || '',
    contactName: e.contact_name || '',
    contactPhoneMasked: e.contact_phone || '',
    contactPhone: '',
    idNumberMasked: e.id_number || '',
    idNumber: '',
    region: e.region && e.region.code ? { code: e.region.code, name: e.region.name } : null,
    address: e.address || '',
    verification: v,
    verificationText: present.verificationText(e),
    verificationTheme: present.VERIFICATION_THEME[v] || 'default',
    verificationReason: e.verification_reason || '',
  };
}

// Returns {body, errors} for PUT /me/employer.
function toBody(form) {
  const errors = {};
  const body = { kind: form.kind };
  const name = String(form.name || '').trim();
  if (name.length < 2) errors.name = form.kind === 'org' ? '请填写单位全称' : '请填写姓名';
  else if (name.length > 64) errors.name = '名称最多 64 个字';
  body.name = name;
  if (form.kind === 'org') {
    const cc = String(form.creditCode || '').trim().toUpperCase();
    if (!validate.creditCode(cc)) errors.creditCode = '统一社会信用代码不正确（18 位），请核对营业执照';
    body.credit_code = cc;
    const rep = String(form.legalRep || '').trim();
    if (rep.length < 2) errors.legalRep = '请填写法定代表人姓名';
    body.legal_rep = rep;
  } else {
    const id = String(form.idNumber || '').trim().toUpperCase();
    if (id) {
      if (!validate.idNumber(id)) errors.idNumber = '身份证号码不正确，请核对后重新填写';
      else body.id_number = id;
    } else if (!form.idNumberMasked) {
      errors.idNumber = '个人招工需要填写身份证号码';
    }
  }
  const contact = String(form.contactName || '').trim();
  if (contact.length < 2) errors.contactName = '请填写联系人姓名';
  body.contact_name = contact;
  const phone = String(form.contactPhone || '').trim();
  if (phone) {
    if (!validate.mobile(phone)) errors.contactPhone = '请填写 11 位手机号码';
    else body.contact_phone = phone;
  } else if (!form.contactPhoneMasked) {
    errors.contactPhone = '请填写联系电话';
  }
  if (!form.region) errors.region = '请选择所在区县';
  else body.region_code = form.region.code;
  const address = String(form.address || '').trim();
  if (address.length > 128) errors.address = '地址最多 128 个字';
  body.address = address;
  return { body: Object.keys(errors).length ? null : body, errors };
}

function serverErrors(err) {
  return fields.fromError(err, FIELD_MAP);
}

module.exports = { KINDS, FIELD_MAP, fromServer, toBody, serverErrors };
