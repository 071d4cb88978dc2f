// Posting and editing a gig: the form ⇄ the POST/PUT /gigs body, client checks mirroring the server's limits,
// the address from wx.chooseLocation, and the server's field errors (including a 422 content_rejected from the
// word filter) shown at the field that caused them.
'use strict';
const format = require('../utils/format');
const fields = require('./fields');

const LIMITS = { title: 40, description: 2000, headcountMin: 1, headcountMax: 500, address: 128 };
const FIELD_MAP = {
  title: 'title',
  description: 'description',
  job_type_id: 'jobType',
  pay_fen: 'pay',
  pay_unit: 'pay',
  headcount: 'headcount',
  starts_at: 'startsAt',
  ends_at: 'endsAt',
  address: 'address',
  lat: 'address',
  lng: 'address',
  region_code: 'region',
};

function emptyForm(region) {
  return {
    title: '',
    description: '',
    jobType: null,
    payYuan: '',
    payUnit: 'day',
    headcount: 1,
    startsAt: '',
    endsAt: '',
    address: '',
    lat: null,
    lng: null,
    region: region && region.code ? { code: region.code, name: region.name } : null,
  };
}

function fromGig(g) {
  return {
    title: g.title || '',
    description: g.description || '',
    jobType: g.job_type ? { id: g.job_type.id, name: g.job_type.name } : null,
    payYuan: format.fenToYuanInput(g.pay_fen),
    payUnit: g.pay_unit || 'day',
    headcount: g.headcount || 1,
    startsAt: format.utcToShanghai(g.starts_at),
    endsAt: format.utcToShanghai(g.ends_at),
    address: g.address || '',
    lat: typeof g.lat === 'number' ? g.lat : null,
    lng: typeof g.lng === 'number' ? g.lng : null,
    region: g.region && g.region.code ? { code: g.region.code, name: g.region.name } : null,
  };
}

// wx.chooseLocation's answer → {address, lat, lng}; the place name goes after the street address.
function fromChosenLocation(res) {
  const parts = [res.address, res.name].map((s) => String(s || '').trim()).filter(Boolean);
  if (parts.length === 2 && parts[0].indexOf(parts[1]) >= 0) parts.pop();
  return { address: parts.join(' ').slice(0, LIMITS.address), lat: res.latitude, lng: res.longitude };
}

function chars(s) {
  return Array.from(String(s || '')).length;
}

// Returns {body, errors}: the GigInput body shared by POST and PUT /gigs. POST alone takes `submit` (the page adds
// it); an edit is submitted with POST /gigs/{id}/submit.
function toBody(form, nowMs) {
  const errors = {};
  const title = String(form.title || '').trim();
  if (chars(title) < 2) errors.title = '请填写岗位名称（至少 2 个字）';
  else if (chars(title) > LIMITS.title) errors.title = `岗位名称最多 ${LIMITS.title} 个字`;
  const description = String(form.description || '').trim();
  if (!description) errors.description = '请写清工作内容、要求和注意事项';
  else if (chars(description) > LIMITS.description) errors.description = `工作内容最多 ${LIMITS.description} 字`;
  if (!form.jobType) errors.jobType = '请选择工种';
  const fen = format.yuanToFen(form.payYuan);
  if (fen === null || fen <= 0) errors.pay = '请填写报酬金额，例如 180 或 25.5';
  const headcount = Number(form.headcount);
  if (!Number.isInteger(headcount) || headcount < LIMITS.headcountMin || headcount > LIMITS.headcountMax) {
    errors.headcount = `招工人数应为 ${LIMITS.headcountMin}–${LIMITS.headcountMax} 人`;
  }
  const startsAt = format.shanghaiToUtc(form.startsAt);
  const endsAt = format.shanghaiToUtc(form.endsAt);
  if (!startsAt) errors.startsAt = '请选择开工时间';
  else if (Date.parse(startsAt) < (nowMs == null ? Date.now() : nowMs) - 5 * 60 * 1000) errors.startsAt = '开工时间不能早于现在';
  if (!endsAt) errors.endsAt = '请选择结束时间';
  else if (startsAt && Date.parse(endsAt) <= Date.parse(startsAt)) errors.endsAt = '结束时间应晚于开工时间';
  const address = String(form.address || '').trim();
  if (typeof form.lat !== 'number' || typeof form.lng !== 'number' || chars(address) < 2) errors.address = '请在地图上选择工作地点';
  else if (chars(address) > LIMITS.address) errors.address = `地址最多 ${LIMITS.address} 个字`;
  if (!form.region) errors.region = '请选择工作地点所在的区县或乡镇';
  if (Object.keys(errors).length) return { body: null, errors };
  return {
    body: {
      title,
      description,
      job_type_id: form.jobType.id,
      pay_fen: fen,
      pay_unit: form.payUnit,
      headcount,
      starts_at: startsAt,
      ends_at: endsAt,
      address,
      lat: form.lat,
      lng: form.lng,
      region_code: form.region.code,
    },
    errors,
  };
}

function serverErrors(err) {
  return fields.fromError(err, FIELD_MAP);
}

module.exports = { LIMITS, FIELD_MAP, emptyForm, fromGig, fromChosenLocation, toBody, serverErrors };
